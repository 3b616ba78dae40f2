"""The project's French wins over Django's and the libraries' catalogs for the same English text.

Django translates "Sessions" (its sessions app) and "Email address" too; without care its French
(« Sessions », « Adresse électronique ») replaced the project's (« Séances », « Adresse
courriel ») on every page.
"""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2]


def test_the_projects_translation_wins_for_every_string_it_translates():
    """For each English text the project translates (the first app's French where two apps
    differ), French pages show the project's French, never Django's."""
    ours: dict[str, str] = {}
    for app in settings.COPLAN_APPS:
        path = ROOT / app.replace(".", "/") / "locale/fr/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.msgctxt and not entry.obsolete and not entry.fuzzy:
                ours.setdefault(entry.msgid, entry.msgstr)
    with translation.override("fr"):
        lost = {msgid: gettext(msgid) for msgid, msgstr in ours.items() if gettext(msgid) != msgstr}
        assert lost == {}
        assert gettext("Sessions") == "Séances"
        assert gettext("Email address") == "Adresse courriel"
