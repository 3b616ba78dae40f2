"""The self-assessment report, in HTML and as a stored PDF."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from coplan.forum import selfassessment, services

pytestmark = pytest.mark.django_db


# Seats and terms -----------------------------------------------------------------------------


# Workspace versions --------------------------------------------------------------------------


# Evidence files ------------------------------------------------------------------------------


# Admin ---------------------------------------------------------------------------------------


def test_self_assessment_pdf_is_stored_by_fingerprint(client, forum, administrator, monkeypatch):
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/self-assessment/report.pdf"
    layouts = []
    real = selfassessment._layout
    monkeypatch.setattr(
        selfassessment, "_layout", lambda html, fp: layouts.append(fp) or real(html, fp)
    )
    first = client.get(url)
    assert first.status_code == 200
    data = b"".join(first.streaming_content)
    assert data.startswith(b"%PDF-")
    assert first["Content-Type"] == "application/pdf"
    assert b"".join(client.get(url).streaming_content) == data
    assert len(layouts) == 1
    assert default_storage.exists(f"forum/self-assessment/{layouts[0]}-en-r1.pdf")
    # New content (a published lesson): a new fingerprint, laid out once more.
    services.lesson_add(process=forum.process, lesson_en="Start early.", lesson_fr="Tôt.")
    services.lessons_publish(process=forum.process)
    b"".join(client.get(url).streaming_content)
    assert len(layouts) == 2 and layouts[0] != layouts[1]
    # French is its own file.
    french = client.get(url.replace("/en/", "/fr/"))
    assert french.status_code == 200
    b"".join(french.streaming_content)
    assert len(layouts) == 3


def test_self_assessment_html_and_pdf(client, forum, administrator):
    client.force_login(administrator)
    slug = forum.process.slug
    page = client.get(f"/fr/forum/{slug}/self-assessment/")
    assert page.status_code == 200
    pdf = client.get(f"/en/forum/{slug}/self-assessment/report.pdf")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
