"""The workspace queue at scale: stored counters that follow every coding, pages read by cursor."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coplan.analysis import selectors, services
from coplan.analysis.models import Coding, QueueCounts
from coplan.contributions.models import Contribution, ModerationState
from coplan.moderation.models import ModerationReason
from coplan.moderation.services import contributions_moderate
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions


def _counts(client, process) -> dict:
    response = client.get(reverse("analysis:queue", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    return response.context["counts"]


def _truth(process) -> dict:
    counted = selectors._count_queue(process)
    counted["uncoded"] = counted["total"] - counted["coded"]
    return counted


def test_counts_follow_each_coding_at_once(client, analyst, process, themes):
    client.force_login(analyst)
    rows = corpus_rows()[:6]
    contributions = make_contributions(process, rows)
    suggestion = Coding.objects.create(
        contribution=contributions[1],
        theme=themes["open-data"],
        source="machine",
        confirmed=False,
        confidence=0.8,
    )
    Coding.objects.create(
        contribution=contributions[2],
        theme=themes["open-science"],
        source="machine",
        confirmed=False,
        confidence=0.6,
    )
    services.campaigns_detect(process=process)
    before = _counts(client, process)
    assert before == _truth(process)
    assert (before["total"], before["coded"], before["suggested"]) == (6, 0, 2)

    code = reverse("analysis:code", kwargs={"slug": process.slug, "pk": contributions[0].pk})
    assert client.post(code, {"themes": [themes["open-data"].pk]}).status_code == 302
    after = _counts(client, process)
    assert (after["coded"], after["uncoded"]) == (1, 5)

    accept = reverse(
        "analysis:suggestion",
        kwargs={"slug": process.slug, "pk": suggestion.pk, "decision": "accept"},
    )
    assert client.post(accept).status_code == 302
    after = _counts(client, process)
    assert (after["coded"], after["suggested"]) == (2, 1)

    # Recoding with nothing chosen: the contribution goes back to the uncoded pile.
    assert client.post(code, {"themes": []}).status_code in (200, 302)
    after = _counts(client, process)
    assert after == _truth(process)
    # The stored row was adjusted, not thrown away and counted again.
    assert QueueCounts.objects.get(process=process).computed_at is not None


def test_counts_follow_moderation_and_new_contributions(
    client, analyst, moderator, process, themes
):
    client.force_login(analyst)
    rows = corpus_rows()[:4]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions[:2], rows[:2], themes)
    assert _counts(client, process)["coded"] == 2
    contributions_moderate(
        contribution_ids=[contributions[0].pk],
        action="hide",
        moderator=moderator,
        reason=ModerationReason.objects.get(slug="spam"),
    )
    Contribution.objects.filter(pk=contributions[1].pk).update(
        moderation_state=ModerationState.WITHDRAWN
    )
    counts = _counts(client, process)
    assert counts == _truth(process) and (counts["total"], counts["coded"]) == (3, 1)
    make_contributions(process, corpus_rows()[10:12], start=20)
    assert _counts(client, process)["total"] == 5


def test_counts_written_behind_the_services_back_are_recounted_after_a_while(
    client, analyst, process, themes, monkeypatch
):
    client.force_login(analyst)
    rows = corpus_rows()[:3]
    contributions = make_contributions(process, rows)
    assert _counts(client, process)["coded"] == 0
    code_from_labels(contributions, rows, themes)  # bulk insert: no service, no signal
    monkeypatch.setattr(selectors, "QUEUE_COUNTS_MAX_AGE", selectors.timedelta(0))
    assert _counts(client, process)["coded"] == 3


def _walk(client, url, params, key):
    seen, pages = [], 0
    while True:
        response = client.get(url, {**params, **key})
        page = response.context["page"]
        seen.extend(c.pk for c in page)
        pages += 1
        if not page.older_cursor:
            return seen, pages, page
        key = {"older": page.older_cursor}


def test_pages_by_cursor_cover_the_queue_once_in_order(client, analyst, process, themes):
    client.force_login(analyst)
    contributions = make_contributions(process, corpus_rows()[:60])
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    seen, pages, last = _walk(client, url, {}, {})
    newest_first = sorted(contributions, key=lambda c: (c.received_at, c.pk), reverse=True)
    assert seen == [c.pk for c in newest_first] and pages == 3
    # Back from the last page: the page before it, then the first page whole.
    response = client.get(url, {"newer": last.newer_cursor})
    assert [c.pk for c in response.context["page"]] == seen[25:50]
    response = client.get(url, {"newer": response.context["page"].newer_cursor})
    assert [c.pk for c in response.context["page"]] == seen[:25]
    assert response.context["page"].is_first
    # Filters stay on the next-page link; bad cursors give the first page.
    html = client.get(url, {"state": "uncoded"}).content.decode()
    assert "state=uncoded&amp;older=" in html
    assert client.get(url, {"older": "x.y"}).context["page"].is_first
    assert client.get(url, {"older": "99999999999999999999.1"}).status_code == 200


def test_queue_queries_are_the_same_on_every_page_and_filter(client, analyst, process, themes):
    client.force_login(analyst)
    rows = corpus_rows()[:80]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions[:30], rows[:30], themes)
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    client.get(url)  # counters stored

    def queries(params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, params).status_code == 200
        return len(captured)

    first = queries({})
    older = client.get(url).context["page"].older_cursor
    assert queries({"older": older}) == first
    filtered = queries({"channel": "web", "state": "uncoded"})
    assert queries({"q": "data", "channel": "email"}) == filtered
    assert queries({"state": "uncoded"}) == first
    make_contributions(process, corpus_rows()[100:160], start=200)
    client.get(url)
    assert queries({}) == first


def test_filtered_count_is_capped(client, analyst, process, themes, monkeypatch):
    client.force_login(analyst)
    make_contributions(process, corpus_rows()[:12])
    monkeypatch.setattr(selectors, "QUEUE_COUNT_CAP", 5)
    url = reverse("analysis:queue", kwargs={"slug": process.slug})
    response = client.get(url, {"language": "en"})
    page = response.context["page"]
    assert (page.count, page.count_more) == (5, True)
    assert "More than 5 contributions" in response.content.decode()
    # Without filters the stored total is exact.
    assert client.get(url).context["page"].count == 12
