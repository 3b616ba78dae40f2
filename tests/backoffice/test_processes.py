"""The back-office pages that build and run a process: create with six phases, change and
reorder the phases, choose the current phase, close; opportunities created, opened and closed
through the services (recorded, announced), bad input refused with the GC error summary."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.notifications.models import Announcement
from coplan.processes.models import Opportunity, Phase, Process
from tests.processes.factories import OpportunityFactory, ProcessFactory

D = datetime.date


def _create_post(**overrides) -> dict:
    data = {
        "slug": "plan-5",
        "title_en": "5th Plan on Open Government",
        "title_fr": "5e Plan pour un gouvernement ouvert",
        "summary_en": "Help us build the plan.",
        "summary_fr": "Aidez-nous à bâtir le plan.",
        "privacy_purpose_en": "To build the plan.",
        "privacy_purpose_fr": "Pour bâtir le plan.",
        "privacy_authority_en": "Section 7.",
        "privacy_authority_fr": "Article 7.",
        "privacy_contact_en": "Privacy office.",
        "privacy_contact_fr": "Bureau de la protection des renseignements personnels.",
        "starts_on": "2026-01-01",
        "ends_on": "2028-06-30",
        "retention_months": "18",
    }
    for index, kind in enumerate(Phase.Kind.values):
        prefix = f"phase-{kind}-"
        data |= {
            f"{prefix}name_en": kind.title(),
            f"{prefix}name_fr": f"{kind.title()} (fr)",
            f"{prefix}purpose_en": "Why.",
            f"{prefix}purpose_fr": "Pourquoi.",
            f"{prefix}starts_on": f"2026-{index * 2 + 1:02d}-01",
            f"{prefix}ends_on": f"2026-{index * 2 + 2:02d}-28" if index < 5 else "",
        }
    return data | overrides


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


def test_a_process_is_created_with_six_phases_from_one_page(staff_client):
    """English and French side by side, six phases; the process page follows."""
    page = staff_client.get("/en/staff/processes/new/").content.decode()
    assert page.count("<fieldset") == 6
    assert "Title in English" in page and "Title in French" in page
    response = staff_client.post("/en/staff/processes/new/", _create_post())
    assert response.status_code == 302 and response["Location"] == "/en/staff/processes/plan-5/"
    process = Process.objects.get(slug="plan-5")
    assert process.phases.count() == 6 and process.title_fr.startswith("5e Plan")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title_fr": ""}, "Title in French: This field is required."),
        ({"phase-review-starts_on": "2026-01-15"}, "starts before the phase before it"),
        ({"phase-planning-ends_on": "2025-12-01"}, "The end date must not be before the start"),
    ],
)
def test_bad_input_gets_the_error_summary_and_stores_nothing(staff_client, overrides, message):
    """A 400 with the GC error summary naming the problem; no process, no phase."""
    response = staff_client.post("/en/staff/processes/new/", _create_post(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and html.count('id="error-summary"') == 1
    assert message in html
    assert not Process.objects.filter(slug="plan-5").exists()


def test_the_error_summary_is_in_french_on_french_pages(staff_client):
    """A refused phase order reads in French."""
    response = staff_client.post(
        "/fr/staff/processes/new/", _create_post(**{"phase-review-starts_on": "2026-01-15"})
    )
    assert "commence avant la phase qui la précède" in response.content.decode()


def test_phases_are_reordered_from_their_page(staff_client):
    """New numbers and dates saved together."""
    process = ProcessFactory(starts_on=D(2017, 10, 1))
    first, second = process.phases.order_by("position")[:2]
    data = {}
    for phase in process.phases.all():
        prefix = f"phase-{phase.pk}-"
        data |= {
            f"{prefix}{name}": getattr(phase, name) or ""
            for name in ("name_en", "name_fr", "purpose_en", "purpose_fr")
        }
        data |= {
            f"{prefix}starts_on": phase.starts_on.isoformat(),
            f"{prefix}ends_on": phase.ends_on.isoformat() if phase.ends_on else "",
            f"{prefix}position": phase.position,
        }
    data[f"phase-{first.pk}-position"], data[f"phase-{second.pk}-position"] = 2, 1
    response = staff_client.post(f"/en/staff/processes/{process.slug}/phases/", data)
    assert response.status_code == 400  # dates now run backwards
    assert "starts before the phase before it" in response.content.decode()
    for phase, other in ((first, second), (second, first)):
        data[f"phase-{phase.pk}-starts_on"] = other.starts_on.isoformat()
        data[f"phase-{phase.pk}-ends_on"] = other.ends_on.isoformat()
    response = staff_client.post(f"/en/staff/processes/{process.slug}/phases/", data)
    assert response.status_code == 302
    assert process.phases.order_by("position").first() == second


def test_the_current_phase_is_overridden_and_the_process_closed(staff_client):
    """The override shows on the process page; closing asks first, then completes it today."""
    process = ProcessFactory()
    review = process.phases.get(kind="review")
    url = f"/en/staff/processes/{process.slug}/"
    staff_client.post(f"{url}current-phase/", {"phase": review.pk})
    process.refresh_from_db()
    assert process.current_phase_override == review
    assert "retention" in staff_client.get(f"{url}close/").content.decode()
    staff_client.post(f"{url}close/")
    process.refresh_from_db()
    assert process.status == "completed" and process.completed_on == timezone.localdate()


def test_the_process_page_costs_the_same_queries_whatever_its_opportunities(staff_client):
    """One opportunity or ten: the same number of queries."""
    process = ProcessFactory()
    phase = process.phases.get(kind="development")
    OpportunityFactory(phase=phase)
    url = f"/en/staff/processes/{process.slug}/"
    staff_client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    for _ in range(9):
        OpportunityFactory(phase=process.phases.get(kind="drafting"))
    with CaptureQueriesContext(connection) as large:
        assert staff_client.get(url).status_code == 200
    assert len(large) == len(small)


def _opportunity_post(phase: Phase, **overrides) -> dict:
    data = {
        "phase": phase.pk,
        "kind": "ideas",
        "slug": "ideas",
        "title_en": "Share your ideas",
        "title_fr": "Proposez vos idées",
        "description_en": "What should the plan do?",
        "description_fr": "Que devrait faire le plan?",
        "opens_at": "",
        "closes_at": "2030-03-31T17:00",
        "allows_anonymous": "on",
        "voice_rule": "confirmed_email",
        "position": "0",
    }
    return data | overrides


def test_an_opportunity_is_created_opened_and_closed_from_its_page(staff_client):
    """Created to be announced, with who may take part; opening it now announces it."""
    process = ProcessFactory(starts_on=D(2026, 1, 1), ends_on=D(2030, 12, 31))
    phase = process.phases.get(kind="development")
    base = f"/en/staff/processes/{process.slug}/opportunities/"
    response = staff_client.post(f"{base}new/", _opportunity_post(phase))
    opportunity = Opportunity.objects.get(phase=phase, slug="ideas")
    assert response["Location"] == f"{base}{opportunity.pk}/"
    assert opportunity.status == "announced" and opportunity.voice_rule == "confirmed_email"
    page = staff_client.get(f"{base}{opportunity.pk}/").content.decode()
    assert "Open now" in page and opportunity.get_absolute_url() in page
    staff_client.post(f"{base}{opportunity.pk}/open/")
    opportunity.refresh_from_db()
    assert opportunity.status == "open" and opportunity.is_accepting_input()
    assert Announcement.objects.filter(kind="opportunity_opened").count() == 1
    staff_client.post(f"{base}{opportunity.pk}/close/")
    assert Opportunity.objects.get(pk=opportunity.pk).status == "closed"


def test_an_opportunity_closing_before_it_opens_is_refused_on_its_page(staff_client):
    """A 400 with the message at the field, nothing stored."""
    phase = ProcessFactory().phases.get(kind="development")
    response = staff_client.post(
        f"/en/staff/processes/{phase.process.slug}/opportunities/new/",
        _opportunity_post(phase, opens_at="2030-04-01T09:00"),
    )
    assert response.status_code == 400
    assert "The closing time must be after the opening time." in response.content.decode()
    assert not Opportunity.objects.filter(phase=phase).exists()


def test_the_process_texts_and_dates_are_changed_and_its_phases_still_fit(staff_client):
    """A new French title is saved; an end date that cuts off its phases is refused, unsaved."""
    process = ProcessFactory(starts_on=D(2017, 10, 1), ends_on=D(2020, 6, 30))
    url = f"/en/staff/processes/{process.slug}/edit/"
    page = staff_client.get(url).content.decode()
    assert process.title_fr in page
    data = _create_post(slug=process.slug, starts_on="2017-10-01", ends_on="2020-06-30")
    data["title_fr"] = "4e Plan du Canada pour un gouvernement ouvert"
    assert staff_client.post(url, data).status_code == 302
    process.refresh_from_db()
    assert process.title_fr == "4e Plan du Canada pour un gouvernement ouvert"
    response = staff_client.post(url, data | {"ends_on": "2018-01-31", "title_fr": "Autre"})
    assert response.status_code == 400
    assert "falls outside the dates of the process" in response.content.decode()
    process.refresh_from_db()
    assert (process.ends_on, process.title_fr[:2]) == (D(2020, 6, 30), "4e")
