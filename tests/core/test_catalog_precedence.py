"""The project's French wins over Django's and the libraries' catalogs for the same English text.

Django translates "Sessions" (its sessions app) and "Email address" too; without care its French
(« Sessions », « Adresse électronique ») replaced the project's (« Séances », « Adresse
courriel ») on every page.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2]


def libraries_french() -> dict[str, str]:
    """English → French of Django's and the installed libraries' own catalogs."""
    theirs: dict[str, str] = {}
    for package in ("django", "django_otp", "django_tasks", "django_tasks_db", "modeltranslation"):
        module = importlib.import_module(package)
        for path in Path(module.__file__).parent.rglob("locale/fr/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.msgctxt:
                    theirs.setdefault(entry.msgid, entry.msgstr)
    return theirs


def test_the_projects_translation_wins_where_django_translates_the_same_text():
    """For each English text that the project and Django (or a library) both translate
    differently, French pages show the project's French (the first app's where two apps
    differ)."""
    theirs = libraries_french()
    ours: dict[str, str] = {}
    for app in settings.COPLAN_APPS:
        path = ROOT / app.replace(".", "/") / "locale/fr/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.msgctxt and not entry.obsolete and not entry.fuzzy:
                ours.setdefault(entry.msgid, entry.msgstr)
    shared = {m: msgstr for m, msgstr in ours.items() if theirs.get(m, msgstr) != msgstr}
    assert len(shared) >= 10, shared
    with translation.override("fr"):
        lost = {m: gettext(m) for m, msgstr in shared.items() if gettext(m) != msgstr}
        assert lost == {}
        assert gettext("Sessions") == "Séances"
        assert gettext("Email address") == "Adresse courriel"
