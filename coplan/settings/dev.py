"""Local use: SQLite under var/, a generated secret key, DEBUG only when asked for."""

import os

from .base import *  # noqa: F403
from .env import VAR_DIR, env_bool  # noqa: E402

# The demo is a Government of Canada consultation: shown with the GC identity unless turned off.
COPLAN_GC_IDENTITY = env_bool("COPLAN_GC_IDENTITY", True)

# Local use has no mail server: emails (two-step set-up and sign-in links, password resets,
# confirmations) are written as files under var/mail/, sent by `coplan worker`.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
