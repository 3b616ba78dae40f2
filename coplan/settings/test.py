"""Test settings: fast hashing, mail kept in memory, tasks run in-process."""

import os
import tempfile

from .base import *  # noqa: F403
from .base import STORAGES, TASKS

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    **TASKS,
    "default": {
        **TASKS["default"],
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    },
}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Other apps' tests sign staff in with force_login; tests/security turn the second factor on.
COPLAN_STAFF_MFA_REQUIRED = False
# Serve static files from the apps themselves, never from a collectstatic copy in var/ (stale,
# or absent on a fresh clone): STATIC_ROOT is an empty folder of the test run's own.
STATIC_ROOT = tempfile.mkdtemp(prefix="coplan-test-static-")
WHITENOISE_USE_FINDERS = True
# Each test run its own: runs side by side in one checkout would drop each other's pages.
COPLAN_CONTENT_VERSION_FILE = os.path.join(
    tempfile.mkdtemp(prefix="coplan-test-shared-"), "content-version"
)
# Tests see the site as the demo shows it; tests/core/test_identity.py also turns it off.
COPLAN_GC_IDENTITY = True
# Every request reads the session and the account, whatever the time between two requests:
# query counts stay exact. tests/core/test_authentication.py turns the memo on.
COPLAN_SIGNED_IN_MEMO_SECONDS = 0
