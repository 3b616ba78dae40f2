"""Correction requests answered from the back office: open ones first by their legal due date,
the overdue marked; a request closed only with an answer to the person; every change through the
privacy service (who, when)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.privacy.models import CorrectionRequest


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


def _request(due_on: datetime.date, **kwargs) -> CorrectionRequest:
    return CorrectionRequest.objects.create(
        email="person@example.org", details="My name is misspelled.", due_on=due_on, **kwargs
    )


def test_open_requests_come_first_by_due_date_and_the_overdue_are_marked(staff_client):
    """Oldest due first among the open ones; the closed after; one overdue badge."""
    today = timezone.localdate()
    later = _request(today + datetime.timedelta(days=20))
    overdue = _request(today - datetime.timedelta(days=2))
    closed = _request(today - datetime.timedelta(days=40), status="corrected")
    html = staff_client.get("/en/staff/corrections/").content.decode()
    positions = [html.index(f"/en/staff/corrections/{r.pk}/") for r in (overdue, later, closed)]
    assert positions == sorted(positions)
    assert html.count("Overdue</strong>") == 1


def test_a_request_is_closed_only_with_an_answer_to_the_person(staff_client, administrator):
    """Corrected without an answer: 400, nothing changes; with one: stamped and signed."""
    correction = _request(timezone.localdate() + datetime.timedelta(days=20))
    url = f"/en/staff/corrections/{correction.pk}/"
    response = staff_client.post(url, {"status": "corrected", "response": ""})
    assert response.status_code == 400
    assert "Tell the person what was corrected, or why not." in response.content.decode()
    assert CorrectionRequest.objects.get(pk=correction.pk).status == "received"
    answer = "Your name is now spelled as you asked."
    response = staff_client.post(url, {"status": "corrected", "response": answer})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.status, correction.response) == ("corrected", answer)
    assert correction.answered_at is not None and correction.handled_by == administrator
    assert "<form" not in staff_client.get(url).content.decode().split("</dl>")[1]


def test_a_status_the_request_cannot_reach_is_refused(staff_client):
    """Only the next statuses are offered; another one is a form error, not a change."""
    correction = _request(timezone.localdate(), status="in_progress")
    response = staff_client.post(
        f"/en/staff/corrections/{correction.pk}/", {"status": "received", "response": ""}
    )
    assert response.status_code == 400
    assert CorrectionRequest.objects.get(pk=correction.pk).status == "in_progress"
