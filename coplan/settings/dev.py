"""Local use: SQLite under var/, a generated secret key, DEBUG only when asked for."""

from .base import *  # noqa: F403
from .env import env_bool  # noqa: E402

# The demo is a Government of Canada consultation: shown with the GC identity unless turned off.
COPLAN_GC_IDENTITY = env_bool("COPLAN_GC_IDENTITY", True)
