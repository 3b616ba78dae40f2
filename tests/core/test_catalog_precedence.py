"""The project's French wins over Django's and the libraries' catalogs for the same English text.

Django translates "Sessions" (its sessions app) and "Email address" too; without care its French
(« Sessions », « Adresse électronique ») replaced the project's (« Séances », « Adresse
courriel ») on every page.
"""

from __future__ import annotations

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from tests.core.helpers import ROOT, libraries_french


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


def test_one_english_text_has_one_french_text_across_the_apps():
    """The same English text (with the same context) has the same French in every app's catalog.

    Django merges the catalogs, so only the first app's French would show on every page: where
    the meaning truly differs (a verb and a noun, a feminine and a masculine noun), the text
    needs a context (pgettext); where it does not, one wording."""
    french: dict[tuple[str | None, str], set[str | tuple[str, ...]]] = {}
    for app in settings.COPLAN_APPS:
        path = ROOT / app.replace(".", "/") / "locale/fr/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated():
                continue
            if entry.msgid_plural:
                value = tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
            else:
                value = entry.msgstr
            french.setdefault((entry.msgctxt, entry.msgid), set()).add(value)
    divergent = {key for key, values in french.items() if len(values) > 1}
    assert divergent == set(), "give these one French, or a context"


def test_the_french_follows_the_noun_it_qualifies():
    """Participles and adjectives agree with the noun they describe, through a context."""
    from coplan.commitments.models import AmendmentStatus
    from coplan.contributions.models import ModerationState
    from coplan.events.models import Registration, VolunteerOffer
    from coplan.processes.models import Opportunity

    with translation.override("fr"):
        assert str(AmendmentStatus.ACCEPTED.label) == "Accepté"
        assert str(VolunteerOffer.Status.ACCEPTED.label) == "Acceptée"
        assert str(Registration.Status.CONFIRMED.label) == "Confirmée"
        assert str(ModerationState.PUBLISHED.label) == "Publiée"
        assert str(ModerationState.HIDDEN.label) == "Masquée"
        assert str(AmendmentStatus.DECLINED.label) == "Refusé"  # « amendement refusé »
        assert str(VolunteerOffer.Status.DECLINED.label) == "Refusée"
        assert str(Opportunity.Status.OPEN.label) == "Ouverte"
