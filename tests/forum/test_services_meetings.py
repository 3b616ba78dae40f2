"""Meeting services: the order of publication and the announcements it makes."""

from __future__ import annotations

import pytest

from coplan.forum import services
from coplan.forum.models import MeetingStatus
from tests.forum.helpers import _meeting

pytestmark = pytest.mark.django_db


def test_minutes_cannot_be_published_before_the_meeting(forum):
    meeting = _meeting(forum, days_ago=-5, publish=False)
    services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
    with pytest.raises(Exception, match="once the meeting has been held"):
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)


def test_minutes_and_lessons_are_announced(forum, django_capture_on_commit_callbacks):
    from coplan.notifications.models import Announcement

    meeting = _meeting(forum, publish=False)
    services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
    assert not Announcement.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)
    announcement = Announcement.objects.get()
    assert announcement.kind == "forum_minutes_published"
    assert announcement.process == forum.process
    assert announcement.title_fr == "Procès-verbal publié\xa0: Réunion"
    assert announcement.url == f"/en/forum/{forum.process.slug}/meetings/{meeting.pk}/"
    services.lesson_add(process=forum.process, lesson_en="L", lesson_fr="L")
    assert services.lessons_publish(process=forum.process) == 1
    assert services.lessons_publish(process=forum.process) == 0
    lessons = Announcement.objects.get(kind="lessons_published")
    assert lessons.url == f"/en/forum/{forum.process.slug}/lessons/"
    assert Announcement.objects.count() == 2


def test_standing_forum_announces_to_each_process_it_serves():
    from coplan.notifications.models import Announcement
    from tests.processes.factories import ProcessFactory

    first, second = ProcessFactory(), ProcessFactory()
    own = ProcessFactory()
    services.forum_create(slug="own", name_en="Own", name_fr="Propre", process=own)
    standing = services.forum_create(slug="standing", name_en="S", name_fr="S", process=None)
    _meeting(standing)
    assert set(Announcement.objects.values_list("process_id", flat=True)) == {first.pk, second.pk}
