"""Per-app gettext catalogs: extraction, compilation and the completeness check.

Each app keeps its own catalog in <app>/locale/fr/LC_MESSAGES/django.po, so that apps can be
worked on side by side; Django finds every app's locale directory by itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TARGET_LANGUAGES = ["fr"]
_SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".svg"}


def app_dirs() -> list[Path]:
    return [PACKAGE_DIR / app.rsplit(".", 1)[-1] for app in settings.COPLAN_APPS]


@contextlib.contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def _extract(app_dir: Path) -> None:
    (app_dir / "locale").mkdir(exist_ok=True)
    with _cwd(app_dir):
        call_command(
            "makemessages",
            locale=TARGET_LANGUAGES,
            domain="django",
            no_obsolete=True,
            add_location="file",
            ignore_patterns=["migrations/*", "tests/*"],
            verbosity=0,
            stdout=io.StringIO(),
        )


def make() -> list[Path]:
    """Extract every app's strings into its catalog (existing translations are kept)."""
    written = []
    for app_dir in app_dirs():
        if any(p.suffix in _SOURCE_SUFFIXES for p in app_dir.rglob("*") if p.is_file()):
            _extract(app_dir)
            written.extend(app_dir.glob("locale/*/LC_MESSAGES/django.po"))
    return written


def compile_all() -> int:
    """Compile every catalog to .mo with polib (no system gettext needed to run the site)."""
    count = 0
    # django.po, and djangojs.po where an app translates a script's strings.
    for po_path in PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/*.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    return count


def missing_translations() -> dict[str, list[str]]:
    """Strings in the code whose French is absent or fuzzy, per app (extracted afresh)."""
    problems: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for app_dir in app_dirs():
            copy = Path(tmp) / app_dir.name
            shutil.copytree(
                app_dir, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "migrations")
            )
            if not any(p.suffix in _SOURCE_SUFFIXES for p in copy.rglob("*") if p.is_file()):
                continue
            _extract(copy)
            for language in TARGET_LANGUAGES:
                po_path = copy / "locale" / language / "LC_MESSAGES" / "django.po"
                if not po_path.exists():
                    continue
                catalog = polib.pofile(str(po_path))
                bad = [
                    entry.msgid
                    for entry in catalog
                    if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
                ]
                if bad:
                    problems[f"{app_dir.name}/{language}"] = bad
    return problems
