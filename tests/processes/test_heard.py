"""What We Heard is found where people look: the process page (the phase it covers and the
cycle's "what we heard" part), the home page, the plan pages and the open data page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coplan.analysis import services as analysis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages(settings):
    settings.COPLAN_PAGE_CACHE = False


def _fr(path: str) -> str:
    return "/fr/" + path[4:]


def test_a_published_report_is_linked_from_every_page_people_look_at(client, process):
    from tests.plans.factories import plan_opportunities, published_review

    phase = process.phases.get(kind="development")
    draft = analysis.report_create(process=process, phase=phase)
    process_page = _fr(process.get_absolute_url())
    assert "/analysis/reports/" not in client.get(process_page).content.decode()
    report = analysis.report_publish(report=draft)
    url = _fr(reverse("analysis:report", kwargs={"pk": report.pk}))
    plan_opportunities(process)
    review = published_review(process)

    html = client.get(process_page).content.decode()
    # In the phase it covers, and in the cycle's "what we heard" part.
    phase_section = html[html.index('id="phase-development"') :]
    phase_section = phase_section[: phase_section.index("</section>")]
    assert f'href="{url}"' in phase_section
    assert f'href="{url}"' in html[html.index('id="what-we-heard"') :]
    assert "Ce que nous avons entendu" in phase_section
    pages = [
        _fr(reverse("processes:home")),
        _fr(reverse("plans:overview", kwargs={"slug": process.slug})),
        _fr(review.get_absolute_url()),
        _fr(reverse("opendata:process", kwargs={"slug": process.slug})),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'href="{url}"' in response.content.decode(), page
