"""The sensitive-information detector and redactor, on tricky English and French text."""

import pytest

from coplan.privacy import pii


def kinds(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in pii.detect(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("My SIN is 046 454 286.", [("sin", "046 454 286")]),
        ("Mon NAS : 046-454-286, merci", [("sin", "046-454-286")]),
        ("NAS 046454286", [("sin", "046454286")]),
        ("Visa 4111 1111 1111 1111 exp 2019", [("payment_card", "4111 1111 1111 1111")]),
        ("carte 5555-5555-5555-4444", [("payment_card", "5555-5555-5555-4444")]),
        ("Amex 378282246310005.", [("payment_card", "378282246310005")]),
        ("Call 613-957-7154", [("phone", "613-957-7154")]),
        ("Appelez le (613) 957-7154 poste 22", [("phone", "(613) 957-7154 poste 22")]),
        ("tél. 613.957.7154", [("phone", "613.957.7154")]),
        ("1-800-282-1376 toll free", [("phone", "1-800-282-1376")]),
        ("+1 613 957 7154", [("phone", "+1 613 957 7154")]),
        ("à Paris au +33 1 23 45 67 89", [("phone", "+33 1 23 45 67 89")]),
        ("write to jane.doe+plan@example.gc.ca today", [("email", "jane.doe+plan@example.gc.ca")]),
        ("Ottawa K1A 0B1", [("postal_code", "K1A 0B1")]),
        ("Montréal h3z2y7", [("postal_code", "h3z2y7")]),
    ],
)
def test_detects(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Le plan sera publié le 2018-06-30.",
        "Published 30/06/2018 and 06/30/2018",
        "Un budget de 1 000 000 $ et 123 456 789 $ de plus",
        "A budget of $1,000,000.00 or $123,456,789",
        "046 454 287",  # nine digits failing Luhn: not a SIN
        "4111 1111 1111 1112",  # sixteen digits failing Luhn: not a card
        "1234 5678 9012 3456 7",  # no card network starts with 1
        "Section 7 of the Act, 2018–2020, Bill C-58",
        "ISBN 978-0-660-25912-5",
        "Le 4e plan 2018-2020 comprend 10 engagements",
        "Version 1.2.3.4567",
        "D1A 1A1 is not a postal code (D is never used)",
    ],
)
def test_leaves_alone(text):
    assert pii.detect(text) == []


def test_luhn():
    assert pii.luhn_valid("046454286")
    assert not pii.luhn_valid("046454287")
    assert pii.luhn_valid("4111111111111111")
    assert not pii.luhn_valid("41111111111a1111")


def test_findings_do_not_overlap_and_come_in_order():
    text = "Card 4111-1111-1111-1111, SIN 046 454 286, email a@b.ca, K1A 0B1, 613-957-7154"
    found = pii.detect(text)
    assert [f.kind for f in found] == ["payment_card", "sin", "email", "postal_code", "phone"]
    for first, second in zip(found, found[1:], strict=False):
        assert first.end <= second.start


def test_kinds_found_each_once():
    assert pii.kinds_found("a@b.ca c@d.ca 046 454 286") == ["email", "sin"]


def test_redact_in_each_language():
    text = "Mon NAS est 046 454 286 et mon courriel a@b.ca"
    assert pii.redact(text, "fr") == "Mon NAS est [NAS retiré] et mon courriel [courriel retiré]"
    assert pii.redact("SIN 046-454-286", "en") == "SIN [SIN removed]"
    assert pii.redact("SIN 046-454-286", "other") == "SIN [SIN removed]"


def test_redact_leaves_clean_text_identical():
    text = "Publish the budget on 2018-06-30: $1,000,000."
    assert pii.redact(text) == text


def test_empty_and_unusual_text():
    assert pii.detect("") == []
    assert pii.redact("") == ""
    assert pii.detect("\x00\u200b🙂 ١٢٣٤٥٦٧٨٩") == []
