"""French typography (Canadian usage) on the French staff type: non-breaking spaces before « : »,
« % », « $ », inside « » and in thousands; none before « ; », « ! », « ? »."""

from __future__ import annotations

import pytest

from coplan.core.typography import NBSP, french_typography


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Note : voici", f"Note{NBSP}: voici"),
        ("Note: voici", f"Note{NBSP}: voici"),
        ("Vraiment ? Oui ! Bien ; merci", "Vraiment? Oui! Bien; merci"),
        ("« Ce que nous avons entendu »", f"«{NBSP}Ce que nous avons entendu{NBSP}»"),
        ("«citation»", f"«{NBSP}citation{NBSP}»"),
        ("45 % des gens", f"45{NBSP}% des gens"),
        ("45% des gens", f"45{NBSP}% des gens"),
        ("%(count)s %% des gens", f"%(count)s{NBSP}%% des gens"),
        ("coûte 20 $", f"coûte 20{NBSP}$"),
        (
            "1 000 personnes et 12 345 678 avis",
            f"1{NBSP}000 personnes et 12{NBSP}345{NBSP}678 avis",
        ),
    ],
)
def test_each_rule(typed, written):
    assert french_typography(typed) == written


@pytest.mark.parametrize(
    "untouched",
    [
        "https://ouvert.canada.ca/fr 18:30",
        "Rendez-vous à 10:30",
        "Le 2018-07-01, 3,5 millions",
        "${variable} et %(name)s",
        "Déjà correct\xa0: rien à faire",
    ],
)
def test_addresses_times_placeholders_and_good_text_are_left_alone(untouched):
    assert french_typography(untouched) == untouched


def test_applying_it_twice_changes_nothing_more():
    text = "Merci : « 1 000 » idées ; 45 % ! Voyez : https://canada.ca"
    once = french_typography(text)
    assert french_typography(once) == once
