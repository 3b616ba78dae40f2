"""OGP compliance rows: each requirement's check reads the records (forum.compliance)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.accounts.models import Organisation, User
from coplan.forum import compliance, services
from coplan.forum.models import MeetingStatus, Sector

pytestmark = pytest.mark.django_db

DAY = datetime.date(2017, 10, 2)


@pytest.fixture
def forum(process):
    return services.forum_create(slug="msf", name_en="Forum", name_fr="Forum", process=process)


def _seat(forum, name: str, sector: str) -> None:
    organisation = Organisation.objects.create(
        slug=f"org-{name}", name_en=name, name_fr=name, kind="department"
    )
    services.member_add(
        forum=forum,
        name=name,
        organisation=organisation,
        sector=sector,
        role="member",
        term_start=DAY,
    )


def _meeting(forum, days_ago: int, status: str):
    meeting = services.meeting_create(
        forum=forum,
        held_at=timezone.now() - datetime.timedelta(days=days_ago),
        title_en="Meeting",
        title_fr="Réunion",
        agenda_en="Agenda.",
        agenda_fr="Ordre du jour.",
        minutes_en="We met.",
        minutes_fr="Nous nous sommes réunis.",
        decisions_en="We decided.",
        decisions_fr="Nous avons décidé.",
    )
    for step in (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.MINUTES_PUBLISHED):
        if meeting.status != status:
            services.meeting_set_status(meeting=meeting, status=step)
    return meeting


def _rows(process) -> dict[str, compliance.Row]:
    return {row.requirement.code: row for row in compliance.compliance_rows(process)}


def test_one_row_per_requirement_in_the_standards_order(process):
    codes = [row.requirement.code for row in compliance.compliance_rows(process)]
    assert codes == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "5.1"]


def test_without_a_forum_its_requirements_are_missing_with_no_evidence(process):
    rows = _rows(process)
    for code in ("1.1", "1.2", "1.3", "1.4"):
        assert rows[code].status == compliance.MISSING
        assert rows[code].evidence == []


def test_the_forum_needs_both_government_and_civil_society(process, forum):
    _seat(forum, "Alice", Sector.GOVERNMENT)
    assert _rows(process)["1.1"].status == compliance.MISSING
    _seat(forum, "Bob", Sector.CIVIL_SOCIETY)
    row = _rows(process)["1.1"]
    assert row.met
    assert row.evidence[0][0] == "1 government and 1 civil-society members sit on the forum."


def test_published_rules_count_once_the_forum_has_members(process, forum):
    services.forum_update(
        forum=forum,
        terms_of_reference_en="Remit.",
        terms_of_reference_fr="Mandat.",
        participation_rules_en="Rules.",
        participation_rules_fr="Règles.",
    )
    assert _rows(process)["1.3"].status == compliance.MISSING
    _seat(forum, "Alice", Sector.GOVERNMENT)
    assert _rows(process)["1.3"].met


def test_minutes_late_past_the_grace_period_leave_the_requirement_missing(process, forum):
    _meeting(forum, days_ago=40, status=MeetingStatus.MINUTES_PUBLISHED)
    assert _rows(process)["1.4"].met
    # Held within the grace period: the minutes are not late yet.
    _meeting(forum, days_ago=10, status=MeetingStatus.AGENDA_PUBLISHED)
    assert _rows(process)["1.4"].met
    _meeting(forum, days_ago=45, status=MeetingStatus.AGENDA_PUBLISHED)
    row = _rows(process)["1.4"]
    assert row.status == compliance.MISSING and row.evidence == []


def test_attached_evidence_meets_a_requirement_the_records_do_not_show(process, forum):
    administrator = User.objects.create_user(email="admin@example.org", password="x")
    services.evidence_add(
        process=process,
        requirement="1.1",
        description_en="Our forum met in the town hall.",
        description_fr="Notre forum s’est réuni à l’hôtel de ville.",
        url="https://example.org/forum",
        by=administrator,
    )
    row = _rows(process)["1.1"]
    assert row.met and row.evidence == []
    assert [evidence.url for evidence in row.attached] == ["https://example.org/forum"]


def test_summary_counts_each_status(process):
    rows = compliance.compliance_rows(process)
    counts = compliance.summary(rows)
    assert counts["total"] == len(rows) == 11
    assert counts[compliance.MET] + counts[compliance.MISSING] + counts[compliance.NOT_DUE] == 11
