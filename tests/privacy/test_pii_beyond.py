"""Personal information beyond the obvious: names given by their owner, street addresses,
obfuscated emails, health card, passport and birth-date numbers, SINs with dots — in English and
French — while look-alikes (streets without a civic number, office holders in their role,
organisations, bills, sections, event dates, rooms, amounts) are left alone."""

from __future__ import annotations

import pytest

from coplan.privacy import pii

# (text, kind, the exact span that must be masked)
FOUND = [
    ("Hello, my name is Jane Doe and I live in Ottawa.", pii.NAME, "Jane Doe"),
    ("Bonjour, je m'appelle Jean-François Tremblay.", pii.NAME, "Jean-François Tremblay"),
    ("Mon nom est Marie-Ève Côté, j'habite à Laval.", pii.NAME, "Marie-Ève Côté"),
    ("Please fix the portal.\n\nRegards,\nMarie Leblanc", pii.NAME, "Marie Leblanc"),
    ("Merci de votre écoute. Cordialement, Luc Gagnon", pii.NAME, "Luc Gagnon"),
    ("Sincerely,\nRobert van der Berg", pii.NAME, "Robert van der Berg"),
    ("Name: Sam O'Neil\nI support this.", pii.NAME, "Sam O'Neil"),
    ("Contact Jane Doe, jane.doe@example.org, for details.", pii.NAME, "Jane Doe"),
    ("You can reach Paul Martin at 613-555-0199 anytime.", pii.NAME, "Paul Martin"),
    ("I live at 42 Wellington Street, apt 3, Ottawa.", pii.ADDRESS, "42 Wellington Street, apt 3"),
    ("My office: 90 Elgin St. in Ottawa", pii.ADDRESS, "90 Elgin St."),
    (
        "J'habite au 1234, rue Sainte-Catherine Ouest, app. 5, Montréal.",
        pii.ADDRESS,
        "1234, rue Sainte-Catherine Ouest, app. 5",
    ),
    (
        "Écrivez-moi au 22 boulevard de la Gappe à Gatineau.",
        pii.ADDRESS,
        "22 boulevard de la Gappe",
    ),
    ("Write to me: jane (at) example (dot) ca", pii.EMAIL, "jane (at) example (dot) ca"),
    ("My email is john dot smith at gmail dot com", pii.EMAIL, "john dot smith at gmail dot com"),
    ("écrivez à jeanne arobase exemple point ca", pii.EMAIL, "jeanne arobase exemple point ca"),
    ("email me at sam.lee at outlook.com please", pii.EMAIL, "sam.lee at outlook.com"),
    ("My health card is 1234-567-890-AB.", pii.HEALTH_CARD, "1234-567-890-AB"),
    ("OHIP number 9876543210 for my mother", pii.HEALTH_CARD, "9876543210"),
    ("Ma carte soleil : TREM 8012 1512", pii.HEALTH_CARD, "TREM 8012 1512"),
    ("Numéro d'assurance maladie GAGL62553011", pii.HEALTH_CARD, "GAGL62553011"),
    ("I was born on March 3, 1985 in Toronto.", pii.BIRTH_DATE, "March 3, 1985"),
    ("Je suis née le 1er mars 1985 à Québec.", pii.BIRTH_DATE, "1er mars 1985"),
    ("DOB: 1985-03-03", pii.BIRTH_DATE, "1985-03-03"),
    ("Date de naissance : 03/03/1985", pii.BIRTH_DATE, "03/03/1985"),
    ("My passport number is AB123456.", pii.PASSPORT, "AB123456"),
    ("Numéro de passeport : GA123456", pii.PASSPORT, "GA123456"),
    ("My SIN is 046.454.286", pii.SIN, "046.454.286"),
]

LOOK_ALIKES = [
    "The minister's office is on Wellington Street.",
    "Minister Brison announced the plan on June 30, 2018.",
    "Le ministre Brison a annoncé le plan le 30 juin 2018.",
    "The Treasury Board Secretariat published Bill C-58 section 12.",
    "Le projet de loi C-58 modifie l'article 4 de la Loi sur l'accès à l'information.",
    "Meet in room 1234 at 10 am.",
    "Rendez-vous à la salle 1234 à 10 h.",
    "We spent $1,250,000 on 42 projects.",
    "Nous avons dépensé 1 250 000 $ pour 42 projets.",
    "We looked at canada dot ca for the data.",
    "The consultation ran from March 3, 2018 to May 1, 2018.",
    "La consultation a eu lieu du 3 mars au 1er mai 2018.",
    "La rue Sainte-Catherine est fermée.",
    "Thanks, Open Government team",
    "Regards,\nThe Canada School of Public Service",
    "Merci,\nL'équipe du gouvernement ouvert",
    "Bill C-58 amends the Access to Information Act, section 4.",
    "In 2018 we held 42 sessions across 13 provinces and territories.",
    "See page 24 of the draft plan, commitment 5.",
    "Article 12, paragraph 3 of the Privacy Act.",
    "The Open Government Partnership was born in 2011.",
    "Statistics Canada published table 14-10-0287-01.",
    "Call the Access to Information office about request A-2018-00123.",
]


@pytest.mark.parametrize(("text", "kind", "span"), FOUND)
def test_each_new_kind_is_found_and_masked_with_its_own_label(text, kind, span):
    found = [(finding.kind, finding.text) for finding in pii.detect(text)]
    assert (kind, span) in found, found
    for language in ("en", "fr"):
        masked = pii.redact(text, language)
        assert span not in masked
        assert pii.REDACTION_LABELS[kind][language] in masked


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_left_alone(text):
    assert pii.detect(text) == []


def test_recall_and_precision_on_the_whole_set():
    """Recall ≥ 0.95 on the cases, precision ≥ 0.90 counting every finding in the look-alikes."""
    hits = sum(
        any(f.kind == kind and f.text == span for f in pii.detect(text))
        for text, kind, span in FOUND
    )
    true_findings = sum(len(pii.detect(text)) for text, _kind, _span in FOUND)
    false_findings = sum(len(pii.detect(text)) for text in LOOK_ALIKES)
    assert hits / len(FOUND) >= 0.95
    assert true_findings / (true_findings + false_findings) >= 0.90


def test_every_kind_has_a_label_in_both_languages():
    for kind in pii.KINDS:
        assert set(pii.REDACTION_LABELS[kind]) == {"en", "fr"}
