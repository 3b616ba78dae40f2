"""Local use: SQLite under var/, a generated secret key, DEBUG only when asked for."""

from .base import *  # noqa: F403
