"""A meeting is public once its agenda is published; its minutes once they are."""

from __future__ import annotations

import pytest

from coplan.forum.models import Meeting, MeetingStatus


@pytest.mark.parametrize(
    ("status", "public", "minutes"),
    [
        (MeetingStatus.PLANNED, False, False),
        (MeetingStatus.AGENDA_PUBLISHED, True, False),
        (MeetingStatus.MINUTES_PUBLISHED, True, True),
    ],
)
def test_what_the_public_sees_at_each_status(status, public, minutes):
    meeting = Meeting(title="Meeting", status=status)
    assert (meeting.is_public, meeting.minutes_are_public) == (public, minutes)
    assert str(meeting) == "Meeting"
