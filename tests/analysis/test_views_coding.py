"""The coding workspace: the queue with its filters and search, the keyboard coding page,
suggestion decisions and translations."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coplan.analysis import services
from coplan.analysis.models import Coding, ContributionAssessment, Disposition
from coplan.contributions.models import ModerationState
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions


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


def test_translation_form(client, analyst, process, themes, one):
    client.force_login(analyst)
    url = reverse("analysis:translate", kwargs={"slug": process.slug, "pk": one.pk})
    assert client.post(url, {"language": "fr", "text": "Traduction."}).status_code == 302
    assert one.translations.get().text == "Traduction."
    response = client.post(url, {"language": "xx", "text": "x"}, follow=True)
    assert one.translations.count() == 1 and response.status_code == 200


def test_rejected_contributions_stay_out_of_the_queue(client, analyst, process, themes):
    client.force_login(analyst)
    make_contributions(process, corpus_rows()[:2], moderation_state=ModerationState.REJECTED)
    make_contributions(process, corpus_rows()[2:3], start=5)
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    assert client.get(url).context["page"].count == 1
