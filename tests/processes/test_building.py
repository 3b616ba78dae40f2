"""Building and running a process: six phases checked as a whole, the current phase, closing,
opportunities saved, opened and closed now through the status service."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coplan.processes import building
from coplan.processes.models import Opportunity, OpportunityStatusChange, Phase, Process
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _process_data(**overrides) -> dict:
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
        "starts_on": D(2026, 1, 1),
        "ends_on": D(2028, 6, 30),
    }
    return data | overrides


def _phases_data(*, months: int = 2) -> list[dict]:
    """Six phases of `months` months each from 1 January 2026, the last one to the end."""
    phases = []
    for index, kind in enumerate(Phase.Kind):
        starts = D(2026 + (index * months) // 12, (index * months) % 12 + 1, 1)
        ends = D(2026 + ((index + 1) * months) // 12, ((index + 1) * months) % 12 + 1, 1)
        phases.append(
            {
                "name_en": kind.label,
                "name_fr": f"{kind.label} (fr)",
                "purpose_en": "Why.",
                "purpose_fr": "Pourquoi.",
                "starts_on": starts,
                "ends_on": ends - datetime.timedelta(days=1),
            }
        )
    phases[-1]["ends_on"] = None
    return phases


def test_a_process_is_created_with_its_six_phases_in_order():
    """The process starts upcoming, with the six kinds of phase numbered 1 to 6."""
    process = building.process_create(process_data=_process_data(), phases_data=_phases_data())
    assert process.status == Process.Status.UPCOMING
    assert list(process.phases.values_list("kind", "position")) == [
        (kind, position) for position, kind in enumerate(Phase.Kind.values, 1)
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({1: {"ends_on": D(2026, 2, 1)}}, "ends before it starts"),
        ({2: {"starts_on": D(2026, 1, 15)}}, "starts before the phase before it"),
        ({1: {"ends_on": D(2026, 12, 31)}}, "ends before the phase before it"),
        ({0: {"starts_on": D(2025, 12, 1)}}, "falls outside the dates of the process"),
        ({3: {"ends_on": None}}, "only the last may have none"),
    ],
)
def test_phases_backwards_or_out_of_order_are_refused_and_nothing_is_stored(change, message):
    """A clear message, and no process or phase stored."""
    phases = _phases_data()
    for index, values in change.items():
        phases[index] |= values
    with pytest.raises(ValidationError) as refused:
        building.process_create(process_data=_process_data(), phases_data=phases)
    assert any(message in text for text in refused.value.messages)
    assert not Process.objects.filter(slug="plan-5").exists()
    assert not Phase.objects.filter(process__slug="plan-5").exists()


def test_phases_may_overlap_at_their_edges_as_the_seed_s_cycle_did():
    """Development starting with Planning (as in 2017) is accepted."""
    phases = _phases_data()
    phases[1]["starts_on"] = phases[0]["starts_on"]
    process = building.process_create(process_data=_process_data(), phases_data=phases)
    assert process.phases.count() == 6


def test_phases_are_reordered_and_changed_together_or_not_at_all():
    """New numbers and dates are saved together; a refused change leaves every phase as it was."""
    process = ProcessFactory(starts_on=D(2017, 10, 1), ends_on=D(2020, 6, 30))
    phases = list(process.phases.order_by("position"))
    first, second = phases[0], phases[1]
    changes = {phase.pk: {"position": phase.position} for phase in phases}
    changes[first.pk] = {"position": 2}
    changes[second.pk] = {"position": 1}
    with pytest.raises(ValidationError):  # the old first phase now starts before the new first
        building.phases_update(process=process, changes=changes)
    assert list(process.phases.order_by("position")) == phases
    changes[first.pk] = {"position": 2, "starts_on": second.starts_on, "ends_on": second.ends_on}
    changes[second.pk] |= {"starts_on": first.starts_on, "ends_on": first.ends_on}
    changes[second.pk]["name_en"] = "Development first"
    building.phases_update(process=process, changes=changes)
    reordered = list(process.phases.order_by("position"))
    assert reordered[0].pk == second.pk and reordered[0].name_en == "Development first"
    assert reordered[1].pk == first.pk


def test_the_current_phase_can_be_set_whatever_the_dates_and_given_back_to_them():
    """The override wins over the dates; None follows the dates again."""
    process = ProcessFactory(starts_on=D(2017, 10, 1))
    review = process.phases.get(kind="review")
    building.process_current_phase_set(process=process, phase=review)
    assert process.current_phase(today=D(2017, 10, 2)) == review
    building.process_current_phase_set(process=process, phase=None)
    assert process.current_phase(today=D(2017, 10, 2)).kind == "planning"
    with pytest.raises(ValidationError):
        building.process_current_phase_set(process=process, phase=ProcessFactory().phases.first())


def test_closing_a_process_closes_its_opportunities_and_starts_the_retention_clock():
    """Completed today, its open and announced opportunities closed (each change recorded)."""
    process = ProcessFactory()
    phase = process.phases.get(kind="development")
    open_one = OpportunityFactory(phase=phase, status="open")
    announced = OpportunityFactory(phase=phase, status="announced")
    building.process_close(process=process, today=D(2018, 7, 15))
    process.refresh_from_db()
    assert process.status == Process.Status.COMPLETED
    assert process.retention_starts_on() == D(2018, 7, 15)
    assert set(Opportunity.objects.filter(phase=phase).values_list("status", flat=True)) == {
        "closed"
    }
    assert (
        OpportunityStatusChange.objects.filter(
            opportunity__in=[open_one, announced], to_status="closed"
        ).count()
        == 2
    )
    with pytest.raises(ValidationError):
        building.process_close(process=process)


def test_an_opportunity_closing_before_it_opens_is_refused():
    """The model's own check, in the staff member's language; nothing stored."""
    phase = ProcessFactory().phases.get(kind="development")
    now = timezone.now()
    data = {
        "kind": "ideas",
        "slug": "ideas",
        "title_en": "Ideas",
        "title_fr": "Idées",
        "description_en": "Tell us.",
        "description_fr": "Dites-nous.",
        "opens_at": now,
        "closes_at": now - datetime.timedelta(days=1),
    }
    with pytest.raises(ValidationError) as refused:
        building.opportunity_save(phase=phase, data=data)
    assert "closing time must be after the opening time" in str(refused.value)
    assert not Opportunity.objects.filter(phase=phase).exists()


def test_an_opportunity_short_name_is_unique_in_the_whole_process():
    """Two opportunities of one process, in different phases, cannot share a public address."""
    process = ProcessFactory()
    OpportunityFactory(phase=process.phases.get(kind="planning"), slug="ideas")
    data = {"kind": "ideas", "slug": "ideas", "title_en": "Ideas", "title_fr": "Idées"}
    data |= {"description_en": "Tell us.", "description_fr": "Dites-nous."}
    with pytest.raises(ValidationError, match="already has this short name"):
        building.opportunity_save(phase=process.phases.get(kind="development"), data=data)


def test_open_now_and_close_now_go_through_the_status_service():
    """Opening now moves a later opening time to now; each change is recorded (announced)."""
    now = timezone.now()
    opportunity = OpportunityFactory(
        status="announced",
        opens_at=now + datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=40),
    )
    building.opportunity_open_now(opportunity=opportunity, now=now)
    opportunity.refresh_from_db()
    assert opportunity.status == "open" and opportunity.opens_at == now
    assert opportunity.is_accepting_input(now)
    building.opportunity_close_now(opportunity=opportunity, now=now)
    opportunity.refresh_from_db()
    assert opportunity.status == "closed" and opportunity.closes_at == now
    assert list(
        OpportunityStatusChange.objects.filter(opportunity=opportunity)
        .order_by("changed_at", "pk")
        .values_list("to_status", flat=True)
    ) == ["open", "closed"]


def test_an_opportunity_past_its_closing_time_is_not_reopened_before_it_is_extended():
    """Reopening needs a later closing time first (the scheduler would close it at once)."""
    now = timezone.now()
    opportunity = OpportunityFactory(status="closed", closes_at=now - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="later closing time"):
        building.opportunity_open_now(opportunity=opportunity, now=now)
    assert Opportunity.objects.get(pk=opportunity.pk).status == "closed"
