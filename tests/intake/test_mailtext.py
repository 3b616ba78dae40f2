"""The readable words of a message: HTML as text, a PDF's text, the sender's own words."""

from __future__ import annotations

import io

import pypdf

from coplan.intake.mailtext import html_to_text, pdf_text, trim_reply


def test_html_body_keeps_the_senders_words_on_their_own_lines():
    markup = (
        "<html><head><title>Newsletter</title><style>p {color: red}</style></head><body>"
        "<p>Publish   the budget.</p><div>Every year.</div><script>track()</script>"
        "<blockquote>On Monday you wrote: earlier words</blockquote><p>Merci&nbsp;!</p>"
        "</body></html>"
    )
    assert html_to_text(markup) == "Publish the budget.\n\nEvery year.\n\nMerci !"


def test_reply_history_quotes_and_signature_are_trimmed():
    text = (
        "Please publish contracts as open data.\r\n"
        "> an earlier quoted line\r\n"
        "Cordialement,\r\n"
        "Jeanne Tremblay\r\n"
        "613-555-0199\r\n"
        "Le lun. 3 juin 2019, Équipe a écrit :\r\n"
        "Merci de votre intérêt."
    )
    assert trim_reply(text) == "Please publish contracts as open data."


def test_a_sign_off_word_inside_the_text_is_kept():
    text = "Thanks\n" + "\n".join(
        f"A long line of the sender's own argument {n}." for n in range(8)
    )
    assert trim_reply(text) == text


def test_a_pdf_without_text_or_broken_gives_empty_text():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    data = io.BytesIO()
    writer.write(data)
    assert pdf_text(data.getvalue()) == ""
    assert pdf_text(b"%PDF-1.4 not really a pdf") == ""
