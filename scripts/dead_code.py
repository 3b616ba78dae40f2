"""Functions, methods and classes nothing refers to (vulture), outside what Django calls by name.

    .venv/bin/python scripts/dead_code.py

Reads coplan/ with the tests, scripts and benches (a helper only a test uses is not dead). What
Django, its libraries or templates call by name is ignored by the patterns below, each with its
caller; anything else unused fails the check. Variables and attributes are not judged: model
fields, form fields and Meta options are read by Django and would drown the real findings.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vulture import Vulture

ROOT = Path(__file__).resolve().parent.parent
PATHS = [ROOT / "coplan", ROOT / "tests", ROOT / "scripts", ROOT / "bench"]
JUDGED = {"function", "method", "class", "property"}

# Names Django and the libraries call: caller in the comment.
IGNORE_NAMES = [
    "*Config",  # AppConfig subclasses (INSTALLED_APPS)
    "Command",  # management commands
    "add_arguments",
    "handle",
    "handle_*",  # HTMLParser callbacks, aiosmtpd handlers
    "clean_*",  # form field cleaning
    "has_*_permission",  # ModelAdmin
    "view_on_site",
    "get_queryset",
    "subtitle",  # syndication Feed
    "item_*",
    "*Translation",  # modeltranslation TranslationOptions
    "*Middleware",  # settings.MIDDLEWARE
    "as_sql",  # ORM expressions, per database
    "as_sqlite",
    "as_postgresql",
    "allow_relation",  # database router
    "db_for_read",
    "db_for_write",
    "allow_migrate",
    "_get_session_from_db",  # session engine
    "_make_hash_value",  # token generator
    "check_can_register",  # django-otp-webauthn policy
    "bad_request",  # handler400…, CSRF_FAILURE_VIEW
    "page_not_found",
    "server_error",
    "csrf_failure",
    "StaticStorage",  # STORAGES
    "PrivateLogger",  # gunicorn logger_class
    "WorkerLost",
    "is_past",  # templates
    "single_fields",
    "question_rows",
    "_email",  # intake command: getattr(self, f"_{channel}")
    "_social",
    "get_params",  # scikit-learn estimator protocol (clone, pipelines)
    "set_params",
    "test_*",  # pytest
    "pytest_*",
    "Test*",
    "setUp*",
    "tearDown*",
]
IGNORE_DECORATORS = [
    "@register.*",  # template tags and filters
    "@router.*",  # django-ninja
    "@api.*",
    "@task",  # django-tasks
    "@task*",
    "@admin.*",
    "@receiver",
    "@pytest.*",
    "@property",
    "@cached_property",
    "@*.setter",
    "@rules.*",
    "@predicate",
    "@factory.*",  # factory-boy hooks
]
# Unused code known and accepted (none today: a finding is removed, not listed).
KNOWN: set[str] = set()


def unused() -> list[str]:
    scan = Vulture(ignore_names=IGNORE_NAMES, ignore_decorators=IGNORE_DECORATORS)
    # Migrations are read (they call functions of the apps) but not judged.
    scan.scavenge([str(path) for path in PATHS])
    found = []
    for item in scan.get_unused_code(min_confidence=60):
        relative = Path(item.filename).resolve().relative_to(ROOT).as_posix()
        if item.typ not in JUDGED or "/migrations/" in relative:
            continue
        if f"{relative}:{item.name}" in KNOWN:
            continue
        found.append(f"{relative}:{item.first_lineno}: unused {item.typ} {item.name}")
    return found


def main() -> int:
    found = unused()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
