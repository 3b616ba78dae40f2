"""Email fixtures as real MIME bytes: the encodings and shapes people's mail clients send."""

from __future__ import annotations

import base64
import quopri

CRLF = b"\r\n"


def _join(*lines: bytes | str) -> bytes:
    return CRLF.join(line.encode() if isinstance(line, str) else line for line in lines) + CRLF


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose page says `text` (Helvetica), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def quoted_printable_latin1() -> bytes:
    body = (
        "Bonjour,\n\nJe souhaite que le gouvernement publie les données sur la qualité de "
        "l'eau potable dans chaque municipalité.\n\nMerci à l'équipe.\n"
    )
    return _join(
        "From: =?iso-8859-1?q?H=E9l=E8ne_C=F4t=E9?= <helene.cote@example.ca>",
        "To: ouvert@example.gc.ca",
        "Subject: =?iso-8859-1?q?Qualit=E9_de_l'eau?=",
        "Date: Mon, 20 Nov 2017 10:15:00 -0500",
        "Message-ID: <qp-latin1@example.ca>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=ISO-8859-1",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        quopri.encodestring(body.encode("iso-8859-1")),
    )


def base64_windows1252() -> bytes:
    body = (
        "L’œuvre du gouvernement ouvert doit inclure les contrats « de moins de 10 000 $ » — "
        "c’est essentiel pour la reddition de comptes.\n"
    )
    return _join(
        "From: Jean Tremblay <jean@example.ca>",
        "Subject: Contrats publics",
        "Date: Wed, 10 Jan 2018 09:00:00 -0500",
        "Message-ID: <b64-cp1252@example.ca>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=windows-1252",
        "Content-Transfer-Encoding: base64",
        "",
        base64.encodebytes(body.encode("cp1252")),
    )


def alternative() -> bytes:
    return _join(
        "From: Pat Smith <pat@example.org>",
        "Subject: Open contracting",
        "Date: Thu, 11 Jan 2018 12:00:00 +0000",
        "Message-ID: <alt@example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative; boundary="ALT"',
        "",
        "--ALT",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Please publish every federal contract as open data, in plain text.",
        "--ALT",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>Please publish every federal contract as <b>open data</b>, in HTML.</p>",
        "--ALT--",
    )


def html_only() -> bytes:
    html = (
        "<html><head><title>x</title><style>p{color:red}</style></head><body>"
        "<script>alert('hostile')</script>"
        "<p>I would like the government to release budget data &amp; spending.</p>"
        "<ul><li>Monthly updates</li><li>Machine-readable</li></ul>"
        "<blockquote>Earlier message that should not be kept</blockquote>"
        "</body></html>"
    )
    return _join(
        "From: Web Person <web@example.org>",
        "Subject: Budget data",
        "Date: Fri, 12 Jan 2018 08:30:00 -0500",
        "Message-ID: <html-only@example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        base64.encodebytes(html.encode()),
    )


def nested_with_attachments() -> bytes:
    pdf = minimal_pdf("Brief: publish procurement data quarterly.")
    notes = b"Annex: open data on grants and contributions."
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    return _join(
        "From: Civil Society Org <policy@example.org>",
        "Subject: Our submission",
        "Date: Mon, 15 Jan 2018 14:00:00 -0500",
        "Message-ID: <nested@example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="MIX"',
        "",
        "--MIX",
        'Content-Type: multipart/alternative; boundary="ALT"',
        "",
        "--ALT",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        quopri.encodestring(b"Please find our brief attached; we support open contracting."),
        "--ALT",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>Please find our brief attached.</p>",
        "--ALT--",
        "--MIX",
        'Content-Type: application/pdf; name="brief.pdf"',
        'Content-Disposition: attachment; filename="brief.pdf"',
        "Content-Transfer-Encoding: base64",
        "",
        base64.encodebytes(pdf),
        "--MIX",
        'Content-Type: text/plain; charset=utf-8; name="annex.txt"',
        'Content-Disposition: attachment; filename="annex.txt"',
        "",
        notes,
        "--MIX",
        'Content-Type: image/png; name="chart.png"',
        'Content-Disposition: attachment; filename="chart.png"',
        "Content-Transfer-Encoding: base64",
        "",
        base64.encodebytes(png),
        "--MIX--",
    )


def no_date_no_message_id() -> bytes:
    return _join(
        "From: anon@example.org",
        "Subject: No headers",
        "",
        "A message with neither a date nor a message identifier, about open science.",
    )


def invalid_headers() -> bytes:
    return _join(
        "From: =?bogus-charset?q?=FF=FE?= <not an address>",
        "Subject: =?utf-8?b?!!!notbase64?= Données",
        "Date: the thirty-second of Smarch",
        "Message-ID: <invalid-headers@example.org>",
        "X-Broken header without colon",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Despite the broken headers, this text about open data should be imported.",
    )


def reply_with_signature() -> bytes:
    return _join(
        "From: Sam Lee <sam@example.org>",
        "Subject: Re: Consultation",
        "Date: Tue, 16 Jan 2018 09:00:00 -0500",
        "Message-ID: <reply@example.org>",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "I agree with making access-to-information requests searchable online.",
        "",
        "Regards,",
        "Sam Lee",
        "Policy Analyst, 613-555-0199",
        "",
        "On Mon, Jan 15, 2018 at 10:00 AM Open Government <open@example.gc.ca> wrote:",
        "> Thank you for your interest in the consultation.",
        "> Tell us what you think.",
    )


def undecodable() -> bytes:
    return _join(
        "From: x@example.org",
        "Subject: Broken bytes",
        "Message-ID: <undecodable@example.org>",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        b"Caf\x81\x8d\x90 \x9d broken",
    )


def oversized(size: int) -> bytes:
    filler = base64.encodebytes(b"\x00" * size)
    return _join(
        "From: big@example.org",
        "Subject: Huge",
        "Message-ID: <oversized@example.org>",
        'Content-Type: multipart/mixed; boundary="B"',
        "",
        "--B",
        "Content-Type: text/plain",
        "",
        "Here is a very large file about open data.",
        "--B",
        'Content-Type: application/octet-stream; name="big.bin"',
        "Content-Transfer-Encoding: base64",
        "",
        filler,
        "--B--",
    )


def every_fixture() -> list[bytes]:
    return [
        quoted_printable_latin1(),
        base64_windows1252(),
        alternative(),
        html_only(),
        nested_with_attachments(),
        no_date_no_message_id(),
        invalid_headers(),
        reply_with_signature(),
    ]
