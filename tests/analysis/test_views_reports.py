"""Report pages: generated and published by staff, read by the public on the page or as PDF."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coplan.analysis import services
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions


def _published_report(process, themes):
    rows = corpus_rows()[:20]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions, rows, themes)
    report = services.report_create(process=process)
    return services.report_publish(report=report)


def test_report_public_only_when_published(client, process, themes):
    draft = services.report_create(process=process)
    assert client.get(reverse("analysis:report", kwargs={"pk": draft.pk})).status_code == 404
    report = _published_report(process, themes)
    response = client.get(reverse("analysis:report", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="img"' in content and "<title" in content
    assert f"{report.data['totals']['senders']} contributions were received" in content
    french = client.get(f"/fr/analysis/reports/{report.pk}/")
    assert "Ce que nous avons entendu" in french.content.decode()


def test_report_page_renders_from_snapshot_in_fixed_queries(client, process, themes):
    report = _published_report(process, themes)
    url = reverse("analysis:report", kwargs={"pk": report.pk})
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    make_contributions(process, corpus_rows()[100:180], start=50)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_report_pdf_is_laid_out_once_by_the_worker_and_stored(
    client, process, themes, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """Publishing queues the layout of the PDF in both languages (stored under MEDIA_ROOT);
    downloads read the stored files and never lay it out again."""
    from django.core.files.storage import default_storage

    from coplan.analysis import pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    layouts = []
    real = pdf.render_report_pdf
    monkeypatch.setattr(
        pdf,
        "render_report_pdf",
        lambda report, language: layouts.append(language) or real(report, language),
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = _published_report(process, themes)
    assert sorted(layouts) == ["en", "fr"]
    assert default_storage.exists(pdf.report_pdf_name(report, "fr"))
    for language in ("en", "fr", "en"):
        url = f"/{language}/" + reverse("analysis:report_pdf", kwargs={"pk": report.pk})[4:]
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert len(layouts) == 2


def test_report_pdf_laid_out_at_first_download_when_the_worker_has_not_run(
    client, process, themes, settings, tmp_path
):
    """Without the worker's run, the first download lays it out and stores it."""
    from django.core.files.storage import default_storage

    from coplan.analysis import pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    report = _published_report(process, themes)
    assert not default_storage.exists(pdf.report_pdf_name(report, "en"))
    response = client.get(reverse("analysis:report_pdf", kwargs={"pk": report.pk}))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert default_storage.exists(pdf.report_pdf_name(report, "en"))


def test_generate_and_publish_report(client, analyst, process, themes):
    client.force_login(analyst)
    url = reverse("analysis:reports", kwargs={"slug": process.slug})
    response = client.post(url, {"phase": process.phases.first().pk})
    assert response.status_code == 302
    response = client.post(url, {"phase": "999999"})
    assert response.status_code == 400 and b"error-summary" in response.content
    from coplan.analysis.models import Report

    report = Report.objects.get()
    assert report.phase == process.phases.first()
    publish = reverse("analysis:report_publish", kwargs={"slug": process.slug, "pk": report.pk})
    assert client.post(publish).status_code == 302
    report.refresh_from_db()
    assert report.status == "published"
