"""Reading one raw email into what the corpus keeps (intake.mail), without a mail server: the
encodings mail clients send, attachments, broken headers, and the messages that are refused."""

from __future__ import annotations

import datetime
import hashlib

from django.utils import translation

from coplan.intake.mail import (
    MESSAGE_MAX_BYTES,
    SUBJECT_MAX_LENGTH,
    message_ref,
    parse_message,
    split_mbox,
)
from tests.intake import messages


def test_latin1_quoted_printable_headers_and_body_are_decoded():
    parsed = parse_message(messages.quoted_printable_latin1())
    assert parsed.problem == ""
    assert (parsed.sender_name, parsed.sender_address) == ("Hélène Côté", "helene.cote@example.ca")
    assert parsed.subject == "Qualité de l'eau"
    assert parsed.message_id == "qp-latin1@example.ca"
    assert parsed.external_ref == "msgid:qp-latin1@example.ca"
    assert "qualité de l'eau potable" in parsed.body and "Merci à l'équipe." in parsed.body
    assert parsed.date == datetime.datetime(2017, 11, 20, 15, 15, tzinfo=datetime.UTC)


def test_windows_1252_base64_keeps_its_typographic_characters():
    body = parse_message(messages.base64_windows1252()).body
    assert "L’œuvre" in body and "« de moins de 10 000 $ »" in body and "—" in body


def test_plain_text_is_preferred_and_html_alone_becomes_text():
    assert "in plain text" in parse_message(messages.alternative()).body
    html = parse_message(messages.html_only()).body
    assert "release budget data & spending" in html and "Monthly updates" in html
    assert "alert" not in html and "<p>" not in html and "color:red" not in html


def test_attachments_are_listed_with_their_text_and_kept_unless_plain_text():
    parsed = parse_message(messages.nested_with_attachments())
    by_name = {a.filename: a for a in parsed.attachments}
    assert sorted(by_name) == ["annex.txt", "brief.pdf", "chart.png"]
    assert by_name["brief.pdf"].text_extracted and by_name["brief.pdf"].keep_file
    assert (by_name["annex.txt"].text_extracted, by_name["annex.txt"].keep_file) == (True, False)
    assert (by_name["chart.png"].text_extracted, by_name["chart.png"].keep_file) == (False, True)
    assert "[brief.pdf]\nBrief: publish procurement data quarterly." in parsed.text
    assert "[annex.txt]\nAnnex: open data on grants" in parsed.text
    assert "chart.png" not in parsed.text


def test_quoted_reply_and_signature_are_trimmed():
    body = parse_message(messages.reply_with_signature()).body
    assert body.startswith("I agree with making access-to-information requests searchable")
    assert "613-555-0199" not in body and "Thank you for your interest" not in body


def test_broken_headers_are_ignored_and_the_text_kept():
    parsed = parse_message(messages.invalid_headers())
    assert parsed.problem == ""
    assert parsed.sender_address == "" and parsed.date is None
    assert "Données" in parsed.subject
    assert "this text about open data should be imported" in parsed.body
    assert "X-Broken" not in parsed.body
    assert "1 invalid header line(s) ignored" in parsed.notes
    assert "no valid Date header: the import time is used" in parsed.notes


def test_without_message_id_the_reference_is_the_hash_of_the_bytes():
    raw = messages.no_date_no_message_id()
    parsed = parse_message(raw)
    assert parsed.message_id == "" and parsed.sender_address == "anon@example.org"
    assert parsed.external_ref == f"sha256:{hashlib.sha256(raw).hexdigest()}"


def test_a_very_long_message_id_is_hashed_to_fit_the_column():
    long_id = "x" * 300 + "@example.org"
    ref = message_ref(b"", long_id)
    assert ref == f"msgid:sha256:{hashlib.sha256(long_id.encode()).hexdigest()}"
    assert len(ref) <= 255
    assert message_ref(b"", "short@example.org") == "msgid:short@example.org"


def test_an_overlong_subject_is_cut():
    raw = b"Subject: " + b"a" * (SUBJECT_MAX_LENGTH * 3) + b"\r\n\r\nBody text.\r\n"
    assert len(parse_message(raw).subject) == SUBJECT_MAX_LENGTH * 2


def test_unusable_messages_carry_a_translated_problem_in_each_language():
    cases = {
        b"": ("The message is empty.", "Le message est vide."),
        messages.undecodable(): ("cannot be recognised", "ne peut être reconnu"),
        b"Subject:\r\n\r\n   \r\n": (
            "The message has no text.",
            "Le message ne contient aucun texte.",
        ),
    }
    for raw, (english, french) in cases.items():
        with translation.override("en"):
            assert english in parse_message(raw).problem
        with translation.override("fr"):
            assert french in parse_message(raw).problem


def test_an_oversized_message_is_refused_before_it_is_read():
    parsed = parse_message(messages.oversized(MESSAGE_MAX_BYTES))
    assert "larger than 15 MB" in parsed.problem
    assert parsed.body == "" and parsed.external_ref.startswith("sha256:")


def test_a_subject_alone_stands_for_an_empty_body():
    parsed = parse_message(b"Subject: Publish the budget data\r\n\r\n\r\n")
    assert parsed.problem == "" and parsed.body == "Publish the budget data"


def test_mbox_is_split_into_messages_with_from_escapes_undone():
    first, second = messages.alternative(), messages.reply_with_signature()
    quoted = b"Subject: Quoted\n\n>From the start, open data.\n"
    archive = (
        b"From a@example.org Mon Jan 15 10:00:00 2018\n"
        + first
        + b"\nFrom b@example.org Mon Jan 15 11:00:00 2018\n"
        + second
        + b"\nFrom c@example.org Mon Jan 15 12:00:00 2018\n"
        + quoted
    )
    found = list(split_mbox(archive))
    assert len(found) == 3
    assert parse_message(found[0]).message_id == "alt@example.org"
    assert parse_message(found[1]).message_id == "reply@example.org"
    assert found[2] == b"Subject: Quoted\n\nFrom the start, open data.\n"
    assert list(split_mbox(b"no mbox separator here\n")) == []
