"""The forum's section on the process page and its stored compliance summary."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.forum import sections, services
from coplan.forum.models import (
    ComplianceSummary,
    MeetingStatus,
)
from tests.forum.helpers import _meeting

pytestmark = pytest.mark.django_db


# Seats and terms -----------------------------------------------------------------------------


# Workspace versions --------------------------------------------------------------------------


# Evidence files ------------------------------------------------------------------------------


# Admin ---------------------------------------------------------------------------------------


def test_process_section_summary_is_stored_and_dropped_on_forum_changes(
    forum, administrator, django_capture_on_commit_callbacks, settings
):
    """Stored in the database, not the cache: with every cache off (Django's dummy cache) the
    process page still reads the summary in one query (issue 21)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    process = forum.process
    with CaptureQueriesContext(connection) as first:
        computed = sections.process_section(process)["summary"]
    with CaptureQueriesContext(connection) as second:
        again = sections.process_section(process)["summary"]
    assert again == computed
    assert len(second) == 2 < len(first)  # the forum and the stored summary
    # Older than its lifetime (what it counts also changes outside the forum): computed again.
    later = timezone.now() + datetime.timedelta(seconds=sections.SUMMARY_SECONDS + 1)
    with CaptureQueriesContext(connection) as stale:
        assert sections.compliance_summary(process, later) == computed
    assert len(stale) > 2
    assert ComplianceSummary.objects.get(process=process).computed_at == later
    # Evidence attached: the summary is computed again and counts it.
    services.evidence_add(
        process=process,
        requirement="1.2",
        description_en="x",
        description_fr="x",
        by=administrator,
        url="https://example.org/",
    )
    after = sections.process_section(process)["summary"]
    assert after["met"] == computed["met"] + 1
    # Publishing minutes (an update without signals) drops it too.
    meeting = _meeting(forum, publish=False)
    before = sections.process_section(process)["summary"]
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)
    assert sections.process_section(process)["summary"]["met"] > before["met"]


def test_process_page_queries_do_not_include_the_compliance_rows(client, forum):
    url = forum.process.get_absolute_url()
    client.get(url)  # fills the summary cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_COOKIE="sessionid=x")
    assert response.status_code == 200
    assert re.search(r"OGP minimum requirements (is|are) met", response.content.decode())
    sql = " ".join(q["sql"] for q in queries)
    assert "forum_evidence" not in sql and "analysis_report" not in sql
