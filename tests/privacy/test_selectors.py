"""What a person sees of their own records (privacy.selectors): only theirs, by account or by
proven address, grouped by model with choices in words, their pending items withdrawable, and
the whole as one valid JSON download."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from coplan.contributions.models import Contribution, ContributorContact
from coplan.privacy.models import CorrectionRequest
from coplan.privacy.selectors import (
    Subject,
    correction_requests_for,
    overdue_correction_requests,
    subject_export,
    subject_sections,
    subject_withdrawables,
)

pytestmark = pytest.mark.django_db

JANE = Subject(email="jane@example.org")


def _contribute(process, email: str, text: str, state: str = "pending") -> Contribution:
    contribution = Contribution.objects.create(
        process=process, kind="idea", text=text, moderation_state=state
    )
    ContributorContact.objects.create(contribution=contribution, name="Jane Roe", email=email)
    return contribution


def test_sections_hold_only_the_persons_records(process):
    _contribute(process, "jane@example.org", "Jane's idea")
    _contribute(process, "john@example.org", "John's idea")
    sections = {section.label: section for section in subject_sections(JANE)}
    contacts = sections["contributions.ContributorContact"]
    assert [row["email"] for row in contacts.rows] == ["jane@example.org"]
    assert not contacts.truncated and contacts.title and contacts.purpose
    assert subject_sections(Subject(email="nobody@example.org")) == []
    assert subject_sections(Subject()) == []


def test_a_long_list_is_cut_and_says_so(process):
    for number in range(3):
        _contribute(process, "jane@example.org", f"Idea {number}")
    (contacts,) = [
        s for s in subject_sections(JANE, limit=2) if s.label == "contributions.ContributorContact"
    ]
    assert len(contacts.rows) == 2 and contacts.truncated


def test_own_items_say_their_state_and_whether_they_may_be_withdrawn(process):
    pending = _contribute(process, "jane@example.org", "Still pending")
    published = _contribute(process, "jane@example.org", "Out already", state="published")
    items = {item.pk: item for item in subject_withdrawables(JANE)}
    assert items[pending.pk].can_withdraw and not items[published.pk].can_withdraw
    assert items[pending.pk].state == "pending"
    assert items[pending.pk].state_label == "Pending moderation"
    assert list(items) == [published.pk, pending.pk]


def test_the_download_is_one_valid_json_document_of_the_persons_records(process):
    pending = _contribute(process, "jane@example.org", 'Jane\'s idea with "quotes" and é')
    _contribute(process, "john@example.org", "John's idea")
    document = json.loads("".join(subject_export(JANE)))
    assert set(document) == {"generated_at", "records", "own_items"}
    contacts = document["records"]["contributions.ContributorContact"]["records"]
    assert [record["email"] for record in contacts] == ["jane@example.org"]
    assert document["own_items"][0]["id"] == pending.pk
    assert "john@example.org" not in json.dumps(document)
    empty = json.loads("".join(subject_export(Subject(email="nobody@example.org"))))
    assert (empty["records"], empty["own_items"]) == ({}, [])


def test_correction_requests_by_account_or_address_and_those_overdue(user):
    received = timezone.now() - datetime.timedelta(days=40)
    due = CorrectionRequest.due_date(received)
    by_email = CorrectionRequest.objects.create(
        email="jane@example.org", details="Fix.", received_at=received, due_on=due
    )
    by_account = CorrectionRequest.objects.create(
        user=user, details="Fix too.", received_at=timezone.now(), due_on=due
    )
    CorrectionRequest.objects.create(
        email="other@example.org",
        details="Closed.",
        received_at=received,
        due_on=due,
        status="corrected",
    )
    assert correction_requests_for(Subject(email="JANE@example.org")) == [by_email]
    assert correction_requests_for(Subject(user_pk=user.pk, email="jane@example.org")) == [
        by_account,
        by_email,
    ]
    assert correction_requests_for(Subject()) == []
    assert set(overdue_correction_requests()) == {by_email, by_account}
    assert list(overdue_correction_requests(today=due)) == []
