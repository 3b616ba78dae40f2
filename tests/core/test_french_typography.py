"""French typography (Translation Bureau, Canadian usage) in every catalog and in the checker that
reads rendered pages (tests/core/typography.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.core.typography import french_problems

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from po_typography import french_typography  # noqa: E402


def test_every_french_translation_follows_french_typography():
    """Every French string of every catalog has its non-breaking space before « : », « % »,
    « $ » and inside « », and no space before « ; », « ! », « ? » (fix: scripts/po_typography.py).
    """
    wrong = []
    for app in settings.COPLAN_APPS:
        path = ROOT / app.replace(".", "/") / "locale/fr/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)):
            values = [entry.msgstr, *entry.msgstr_plural.values()]
            for value in values:
                if value and not entry.obsolete and french_typography(value) != value:
                    wrong.append(f"{app}: {value!r}")
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "good"),
    [
        ("Date de modification\xa0: le 1er juillet 2018 à 18\xa0h", True),
        ("Date de modification : 7 juillet", False),
        ("Proposé: 1", False),
        ("«\xa0Ce que nous avons entendu\xa0»", True),
        ("« Ce que nous avons entendu »", False),
        ("Pourquoi?", True),
        ("Pourquoi ?", False),
        ("14\xa0% des voix", True),
        ("14 % des voix", False),
        ("14% des voix", False),
        ("le 1 juillet 2018", False),
        ("Réunion à 18:30", False),
        ("15,399 contributions", False),
        ("15\xa0399 contributions", True),
        ("https://ouvert.canada.ca", True),
    ],
)
def test_the_page_checker_knows_french_typography(text, good):
    """The checker run on French pages accepts Translation Bureau typography and names what
    breaks it."""
    html = f'<html lang="fr"><body><p>{text}</p><p lang="en">Note: left alone.</p></body></html>'
    assert (french_problems(html) == []) is good
