"""What waits for a staff member (selectors.waiting_for): each part read only for the roles that
do the work, counts that cover everything while the lists show their first items."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.backoffice.selectors import FAILED_IMPORTS_SHOWN_DAYS, ITEMS_SHOWN, waiting_for
from coplan.forum.models import Forum, Meeting, MeetingStatus
from coplan.intake.models import ImportRun
from coplan.privacy.models import CorrectionRequest
from tests.accounts.factories import OrganisationFactory, UserFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 7, 1)


def test_a_participant_is_waited_for_by_nothing(open_ideas):
    ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    waiting = waiting_for(UserFactory(), TODAY)
    assert waiting.pending_contributions is None and waiting.open_flags is None
    assert waiting.failed_imports is None and waiting.uncoded is None
    assert waiting.corrections is None and waiting.overdue_milestones is None
    assert waiting.meetings_without_minutes is None
    assert waiting.processes == [open_ideas.phase.process]


def test_moderation_counts_pending_and_reported_contributions(open_ideas, moderator):
    ContributionFactory.create_batch(2, opportunity=open_ideas, moderation_state="pending")
    ContributionFactory(opportunity=open_ideas, flag_count=3)
    ContributionFactory(opportunity=open_ideas, flag_count=0)
    waiting = waiting_for(moderator, TODAY)
    assert (waiting.pending_contributions, waiting.open_flags) == (2, 1)
    assert waiting.corrections is None


def test_only_recent_failed_imports_are_counted(process, moderator):
    recent = timezone.now() - datetime.timedelta(days=FAILED_IMPORTS_SHOWN_DAYS - 1)
    old = timezone.now() - datetime.timedelta(days=FAILED_IMPORTS_SHOWN_DAYS + 1)
    for started_at in (recent, old):
        ImportRun.objects.create(
            process=process, source="social", state="failed", started_at=started_at
        )
    ImportRun.objects.create(process=process, source="social", state="done")
    assert waiting_for(moderator, TODAY).failed_imports == 1


def test_open_corrections_with_overdue_and_next_due(administrator):
    for number, (due_on, status) in enumerate(
        [
            (datetime.date(2019, 6, 1), "received"),
            (datetime.date(2019, 7, 15), "in_progress"),
            (datetime.date(2019, 5, 1), "corrected"),
        ]
    ):
        CorrectionRequest.objects.create(
            email=f"p{number}@example.org", details="Wrong name.", due_on=due_on, status=status
        )
    corrections = waiting_for(administrator, TODAY).corrections
    assert corrections == {"count": 2, "overdue": 1, "next_due": datetime.date(2019, 6, 1)}


def test_a_department_reporter_sees_only_their_organisation_s_overdue_milestones(process):
    department, other = OrganisationFactory(), OrganisationFactory()
    commitment = make_commitment(process, status="in_implementation")
    mine = make_milestone(commitment, responsible=department, ends_on=datetime.date(2019, 6, 1))
    make_milestone(commitment, responsible=department, ends_on=datetime.date(2019, 8, 1))
    make_milestone(commitment, responsible=other, ends_on=datetime.date(2019, 6, 1))
    reporter = staff_with_role("department reporter", organisation=department)
    waiting = waiting_for(reporter, TODAY)
    assert waiting.overdue_milestones == [mine] and waiting.overdue_milestone_count == 1
    without_organisation = waiting_for(staff_with_role("department reporter"), TODAY)
    assert without_organisation.overdue_milestones is None
    assert waiting_for(staff_with_role("administrator"), TODAY).overdue_milestone_count == 2


def test_the_list_shows_the_first_items_and_the_count_covers_all(process):
    commitment = make_commitment(process, status="in_implementation")
    for day in range(ITEMS_SHOWN + 2):
        make_milestone(commitment, ends_on=datetime.date(2019, 1, 1) + datetime.timedelta(day))
    waiting = waiting_for(staff_with_role("administrator"), TODAY)
    assert waiting.overdue_milestone_count == ITEMS_SHOWN + 2
    assert len(waiting.overdue_milestones) == ITEMS_SHOWN
    assert waiting.overdue_milestones[0].ends_on == datetime.date(2019, 1, 1)


def test_meetings_without_minutes_link_to_the_process_whose_forum_shows_them(forum_member):
    with_forum, served = ProcessFactory(), ProcessFactory()
    own = Forum.objects.create(process=with_forum, slug="own", name="Own")
    standing = Forum.objects.create(process=None, slug="standing", name="Standing")
    held = timezone.now() - datetime.timedelta(days=2)
    Meeting.objects.create(forum=own, title="Own", held_at=held - datetime.timedelta(days=1))
    Meeting.objects.create(forum=standing, title="Standing", held_at=held)
    Meeting.objects.create(
        forum=own, title="Done", held_at=held, status=MeetingStatus.MINUTES_PUBLISHED
    )
    Meeting.objects.create(
        forum=own, title="Planned", held_at=timezone.now() + datetime.timedelta(days=1)
    )
    waiting = waiting_for(forum_member, TODAY)
    assert waiting.meeting_without_minutes_count == 2
    slugs = [(m.title, m.staff_slug) for m in waiting.meetings_without_minutes]
    assert slugs == [("Own", with_forum.slug), ("Standing", served.slug)]
