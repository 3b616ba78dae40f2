"""Analysis pages: permissions per role, keyboard workspace, search, reports, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coplan.analysis import services
from coplan.analysis.models import Coding, ContributionAssessment, Disposition, Theme
from coplan.contributions.models import ModerationState
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions


def staff_urls(process, contribution, theme):
    slug = process.slug
    return [
        reverse("analysis:home"),
        reverse("analysis:queue", kwargs={"slug": slug}),
        reverse("analysis:code", kwargs={"slug": slug, "pk": contribution.pk}),
        reverse("analysis:codebook", kwargs={"slug": slug}),
        reverse("analysis:theme_edit", kwargs={"slug": slug, "pk": theme.pk}),
        reverse("analysis:campaigns", kwargs={"slug": slug}),
        reverse("analysis:topics", kwargs={"slug": slug}),
        reverse("analysis:reports", kwargs={"slug": slug}),
    ]


@pytest.fixture
def one(process, themes):
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    return contribution


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 200),
        ("administrator", 200),
        ("moderator", 403),
        ("forum_member", 403),
        ("reporter", 403),
        ("user", 403),
    ],
)
def test_staff_pages_per_role(client, request, process, themes, one, role, status):
    client.force_login(request.getfixturevalue(role))
    for url in staff_urls(process, one, themes["open-data"]):
        response = client.get(url)
        if url == reverse("analysis:home") and status == 200:
            assert response.status_code in (200, 302)
            continue
        assert response.status_code == status, url
        if status == 200:
            assert "no-store" in response["Cache-Control"]


def test_staff_pages_send_anonymous_to_sign_in(client, process, themes, one):
    for url in staff_urls(process, one, themes["open-data"]):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_staff_posts_need_the_role(client, moderator, process, themes, one):
    client.force_login(moderator)
    url = reverse("analysis:code", kwargs={"slug": process.slug, "pk": one.pk})
    assert client.post(url, {"themes": [themes["open-data"].pk]}).status_code == 403
    assert not Coding.objects.exists()
    retrain = reverse("analysis:retrain", kwargs={"slug": process.slug})
    assert client.post(retrain).status_code == 403


def _queue_queries(client, process) -> int:
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queue_query_count_does_not_grow(client, analyst, process, themes):
    client.force_login(analyst)
    rows = corpus_rows()
    few = make_contributions(process, rows[:3])
    code_from_labels(few, rows[:3], themes)
    small = _queue_queries(client, process)
    many = make_contributions(process, rows[3:80], start=10)
    code_from_labels(many, rows[3:80], themes)
    services.campaigns_detect(process=process)
    assert _queue_queries(client, process) == small


def test_code_page_query_count_does_not_grow(client, analyst, process, themes):
    client.force_login(analyst)
    rows = corpus_rows()
    contributions = make_contributions(process, rows[:2])
    url = reverse("analysis:code", kwargs={"slug": process.slug, "pk": contributions[0].pk})
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for theme in list(themes.values())[:8]:
        Coding.objects.create(
            contribution=contributions[0],
            theme=theme,
            confirmed=False,
            source="machine",
            confidence=0.5,
        )
    make_contributions(process, rows[2:40], start=5)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_code_and_go_to_next(client, analyst, process, themes):
    client.force_login(analyst)
    older, newer = make_contributions(process, corpus_rows()[:2])
    url = reverse("analysis:code", kwargs={"slug": process.slug, "pk": newer.pk})
    page = client.get(url)
    assert b'data-key="1"' in page.content and b"Ctrl+Enter" in page.content
    disposition = Disposition.objects.get(code="future")
    response = client.post(
        url,
        {
            "themes": [themes["open-data"].pk, themes["open-science"].pk],
            "disposition": disposition.pk,
            "note": "Check with the science team",
            "save_next": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("analysis:code", kwargs={"slug": process.slug, "pk": older.pk})
    )
    assert set(Coding.objects.filter(contribution=newer).values_list("theme__code", flat=True)) == {
        "open-data",
        "open-science",
    }
    assert ContributionAssessment.objects.get(contribution=newer).disposition == disposition


def test_code_rejects_bad_input_with_a_message(client, analyst, process, themes, one):
    client.force_login(analyst)
    url = reverse("analysis:code", kwargs={"slug": process.slug, "pk": one.pk})
    response = client.post(url, {"themes": ["999999"], "note": "x" * 5000})
    assert response.status_code == 400
    assert b"error-summary" in response.content
    response = client.post(url, {"themes": [themes["open-data"].pk], "note": "bad \x00 null"})
    # Refused before the view, by the NUL-byte middleware.
    assert response.status_code == 400 and b"null character" in response.content
    assert not Coding.objects.exists() and not ContributionAssessment.objects.exists()


def test_suggestion_accept_and_reject(client, analyst, process, themes, one):
    client.force_login(analyst)
    accept = Coding.objects.create(
        contribution=one,
        theme=themes["open-data"],
        source="machine",
        confirmed=False,
        confidence=0.7,
    )
    reject = Coding.objects.create(
        contribution=one,
        theme=themes["open-science"],
        source="machine",
        confirmed=False,
        confidence=0.3,
    )
    for coding, decision in ((accept, "accept"), (reject, "reject")):
        url = reverse(
            "analysis:suggestion",
            kwargs={"slug": process.slug, "pk": coding.pk, "decision": decision},
        )
        assert client.post(url).status_code == 302
    assert Coding.objects.get().confirmed
    bad = reverse(
        "analysis:suggestion", kwargs={"slug": process.slug, "pk": accept.pk, "decision": "maybe"}
    )
    assert client.post(bad).status_code == 404


def test_search_in_both_languages_without_accents(client, analyst, process, themes):
    client.force_login(analyst)
    make_contributions(
        process,
        [
            {"text": "Les données ouvertes sur l'éducation, svp.", "language": "fr"},
            {"text": "Publish the education data as open data.", "language": "en"},
            {"text": "Protect privacy online.", "language": "en"},
        ],
    )
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    response = client.get(url, {"q": "donnees"})
    assert (
        "l&#x27;éducation" in response.content.decode() or "éducation" in response.content.decode()
    )
    assert "Protect privacy" not in response.content.decode()
    response = client.get(url, {"q": "privacy"})
    assert "Protect privacy" in response.content.decode()
    assert "education data" not in response.content.decode()
    assert client.get(url, {"q": "<script>" * 40}).status_code == 200


def test_queue_filters(client, analyst, process, themes):
    client.force_login(analyst)
    rows = corpus_rows()[:6]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions[:2], rows[:2], themes)
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    response = client.get(url, {"state": "uncoded"})
    assert response.context["page"].count == 4
    response = client.get(url, {"state": "coded", "channel": "web"})
    assert response.context["page"].count == 1
    response = client.get(url, {"phase": "not-a-number"})
    assert response.status_code == 200 and response.context["page"].count == 6


def test_codebook_add_merge_split(client, analyst, process, themes):
    client.force_login(analyst)
    url = reverse("analysis:codebook", kwargs={"slug": process.slug})
    response = client.post(
        url,
        {
            "code": "youth",
            "name_en": "Youth",
            "name_fr": "Jeunes",
            "parent": themes["participation-inclusion"].pk,
        },
    )
    assert response.status_code == 302
    youth = Theme.objects.get(code="youth")
    response = client.post(url, {"code": "youth", "name_en": "Y", "name_fr": "J"})
    assert response.status_code == 400 and b"already has this code" in response.content
    split = reverse("analysis:theme_split", kwargs={"slug": process.slug, "pk": youth.pk})
    client.post(split, {"parts": "only-one | One | Un"})
    assert not Theme.objects.filter(code="only-one").exists()
    client.post(split, {"parts": "students | Students | Étudiants\nschools | Schools | Écoles"})
    assert Theme.objects.filter(code__in=["students", "schools"]).count() == 2
    merge = reverse("analysis:theme_merge", kwargs={"slug": process.slug, "pk": youth.pk})
    assert client.post(merge, {"target": themes["public-participation"].pk}).status_code == 302
    youth.refresh_from_db()
    assert not youth.is_active


def test_translation_form(client, analyst, process, themes, one):
    client.force_login(analyst)
    url = reverse("analysis:translate", kwargs={"slug": process.slug, "pk": one.pk})
    assert client.post(url, {"language": "fr", "text": "Traduction."}).status_code == 302
    assert one.translations.get().text == "Traduction."
    response = client.post(url, {"language": "xx", "text": "x"}, follow=True)
    assert one.translations.count() == 1 and response.status_code == 200


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


def test_topics_page_discovers_and_adopts(client, analyst, process, themes):
    client.force_login(analyst)
    make_contributions(process, corpus_rows()[:60])
    url = reverse("analysis:topics", kwargs={"slug": process.slug})
    assert client.post(url, {"seed": "5", "topics": "4"}).status_code == 302
    assert client.post(url, {"seed": "-1", "topics": "400"}).status_code == 400
    response = client.get(url)
    candidate = response.context["candidates"][0]
    adopt = reverse("analysis:topic_adopt", kwargs={"slug": process.slug, "pk": candidate.pk})
    prefix = f"c{candidate.pk}"
    client.post(
        adopt,
        {f"{prefix}-code": "new-theme", f"{prefix}-name_en": "New", f"{prefix}-name_fr": "Nouveau"},
    )
    assert Theme.objects.filter(code="new-theme").exists()


def test_rejected_contributions_stay_out_of_the_queue(client, analyst, process, themes):
    client.force_login(analyst)
    make_contributions(process, corpus_rows()[:2], moderation_state=ModerationState.REJECTED)
    make_contributions(process, corpus_rows()[2:3], start=5)
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    assert client.get(url).context["page"].count == 1
