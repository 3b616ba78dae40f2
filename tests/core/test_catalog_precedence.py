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


# English texts that apps translate differently today. Only the first app's French shows on
# every page (Django merges the catalogs), so the others' wording is lost: where the meaning
# truly differs (a verb and a noun, a feminine and a masculine noun), the text needs a context
# (pgettext); where it does not, one wording. Listed so that no new one appears unnoticed.
KNOWN_DIVERGENT = {
    "Accepted", "Answered", "Attendance", "Channel", "Confirmed", "Disposition", "Done",
    "English", "Failed", "French", "Kind", "None", "OGP values", "Opportunity", "Overdue",
    "Page %(number)s of %(count)s", "Plain text; blank lines separate paragraphs.", "Privacy",
    "Published", "Record attendance", "Record the decision", "Share", "Status",
    "The end date must not be before the start date.",
    "You have the right to access your personal information and to correct it, by making a "
    "request before the end of that period.",
    "active", "added", "answered", "answered by", "attendance", "claimed", "confirmed", "created",
    "de-identified", "decided", "finished", "kind", "progress", "published", "received",
    "requested", "started", "status", "submitted", "updated", "when",
}  # fmt: skip


def test_one_english_text_has_one_french_text_across_the_apps():
    """The same English text (without context) has the same French in every app's catalog, but
    for the known cases above, which may only shrink."""
    french: dict[str, set[str]] = {}
    for app in settings.COPLAN_APPS:
        path = ROOT / app.replace(".", "/") / "locale/fr/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.msgctxt and not entry.obsolete and not entry.msgid_plural:
                french.setdefault(entry.msgid, set()).add(entry.msgstr)
    divergent = {msgid for msgid, values in french.items() if len(values) > 1}
    assert divergent - KNOWN_DIVERGENT == set(), "give these one French, or a context"
    assert KNOWN_DIVERGENT - divergent == set(), "resolved: remove them from KNOWN_DIVERGENT"
