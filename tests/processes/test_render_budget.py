"""Full-render query budgets (issue 21): with every cache off (Django's dummy cache, the page
cache off) each public page is rendered from scratch, as visitors get it while content changes
all the time. Each page keeps the same number of queries when the data grows, and stays within
15 queries; a page not yet within it would be listed as a known gap, and leave the list once it
meets it."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from coplan.analysis.models import Report
from coplan.commitments.models import Commitment
from coplan.contributions.demo import demo_ideas_opportunity
from coplan.contributions.models import Contribution, Kind, ModerationState
from coplan.plans.models import Plan
from coplan.processes import demo as processes_demo
from coplan.processes.models import Opportunity
from coplan.surveys.models import Questionnaire

BUDGET = 15
DUMMY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# Pages whose full render still exceeds the budget: none since the process page reads its forum
# block's compliance counts from one stored row (it made 46 queries, now 13 with the demo).
OVER_BUDGET: set[str] = set()


def _pages() -> dict[str, str]:
    """The demo's public pages, each the heaviest of its kind: the ideas of the current
    process's open call; the process page, commitments, plan and report of the 4th plan."""
    opportunity = demo_ideas_opportunity()
    current = opportunity.phase.process
    process = processes_demo.past_process()
    idea = (
        Contribution.objects.filter(
            opportunity=opportunity, kind=Kind.IDEA, moderation_state=ModerationState.PUBLISHED
        )
        .order_by("pk")
        .first()
    )
    with translation.override("en"):
        return {
            "process": reverse("processes:detail", args=[process.slug]),
            "idea_list": reverse("contributions:idea_list", args=[current.slug, opportunity.slug]),
            "idea": reverse("contributions:idea_detail", args=[idea.pk]),
            "commitment": Commitment.objects.filter(process=process)
            .annotate(n=Count("milestones"))
            .order_by("-n", "pk")
            .first()
            .get_absolute_url(),
            "plan": reverse(
                "plans:overview", args=[Plan.objects.get(process=process).process.slug]
            ),
            "heard": reverse(
                "analysis:report",
                args=[Report.objects.filter(process=process, status="published").first().pk],
            ),
            "results": reverse("surveys:results", args=[Questionnaire.objects.first().pk]),
        }


def _counts(urls: dict[str, str]) -> dict[str, int]:
    client = Client()
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


def _grow(urls: dict[str, str]) -> None:
    """Ten times the demo where it grows during a consultation: 200 more ideas in the call,
    1,000 more comments on the idea, 20 more opportunities in every phase of the process page's
    process."""
    opportunity = demo_ideas_opportunity()
    process = opportunity.phase.process
    published = {
        "process": process,
        "phase": opportunity.phase,
        "opportunity": opportunity,
        "consent_to_publish": True,
        "moderation_state": ModerationState.PUBLISHED,
        "language": "en",
    }
    Contribution.objects.bulk_create(
        Contribution(kind=Kind.IDEA, title=f"Idea {n}", text=f"More open data, {n}.", **published)
        for n in range(200)
    )
    idea = Contribution.objects.get(pk=int(urls["idea"].rstrip("/").rsplit("/", 1)[1]))
    Contribution.objects.bulk_create(
        Contribution(
            kind=Kind.COMMENT,
            target_type=ContentType.objects.get_for_model(Contribution),
            target_id=idea.pk,
            text=f"Comment {n}.",
            **published,
        )
        for n in range(1000)
    )
    for phase in processes_demo.past_process().phases.all():
        Opportunity.objects.bulk_create(
            Opportunity(
                phase=phase,
                slug=f"budget-{phase.pk}-{n}",
                kind="ideas",
                title_en="t",
                title_fr="t",
                description_en="d",
                description_fr="d",
            )
            for n in range(20)
        )


@pytest.mark.django_db
def test_full_renders_keep_their_query_count_and_budget(settings):
    """Every public page, rendered with every cache off, makes as many queries with ten times
    the demo as with the demo, and at most 15 (but for the known gaps in OVER_BUDGET)."""
    call_command("demo", stdout=io.StringIO())
    settings.CACHES = DUMMY_CACHE
    settings.COPLAN_PAGE_CACHE = False
    urls = _pages()
    _counts(urls)  # first requests warm per-process state (content types, site settings)
    demo = _counts(urls)
    _grow(urls)
    grown = _counts(urls)
    assert grown == demo, (demo, grown)
    within = {name: count for name, count in demo.items() if name not in OVER_BUDGET}
    assert max(within.values()) <= BUDGET, demo
    # The list of gaps stays true: a page that meets the budget leaves it.
    assert all(demo[name] > BUDGET for name in OVER_BUDGET), demo
    assert set(demo) == {"process", "idea_list", "idea", "commitment", "plan", "heard", "results"}
