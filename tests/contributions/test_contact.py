"""The "contact us" block and form of a process: a message is taken only while the team offers
the form and the process runs; it becomes a pending contribution through the one path, stored
once per form; the form asks no follow-up."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.contributions.contact import (
    MESSAGE_MAX_LENGTH,
    ContactMessageForm,
    contact_message_submit,
    contact_section,
)
from coplan.contributions.models import Contribution
from coplan.processes.models import ContactBlock, Process

pytestmark = pytest.mark.django_db


def _send(process, **kwargs):
    values = {
        "text": "When is the Moncton session?",
        "name": "",
        "email": "",
        "consent_to_publish": False,
    }
    return contact_message_submit(process=process, **{**values, **kwargs})


def test_the_form_is_open_only_when_offered_and_the_process_runs(process):
    assert contact_section(process) == {
        "process": process,
        "contact_block": None,
        "form_open": False,
    }
    block = ContactBlock.objects.create(process=process, email="team@example.org")
    assert not contact_section(process)["form_open"]
    ContactBlock.objects.filter(pk=block.pk).update(form_enabled=True)
    section = contact_section(process)
    assert section["contact_block"] == block and section["form_open"]
    Process.objects.filter(pk=process.pk).update(completed_on=datetime.date(2020, 6, 30))
    assert not contact_section(Process.objects.get(pk=process.pk))["form_open"]


def test_a_message_without_the_form_is_refused_in_both_languages(process):
    with pytest.raises(ValidationError, match="does not take messages through a form"):
        _send(process)
    with translation.override("fr"), pytest.raises(ValidationError, match="ne reçoit pas"):
        _send(process)
    assert not Contribution.objects.exists()


def test_a_message_is_a_pending_submission_stored_once_per_form(process):
    ContactBlock.objects.create(process=process, form_enabled=True)
    message = _send(process, email="dominique@example.org", external_ref="web:1")
    assert _send(process, external_ref="web:1") == message
    assert (message.kind, message.moderation_state, message.opportunity) == (
        "submission",
        "pending",
        None,
    )
    assert (
        message.provenance == {"via": "contact_form"}
        and message.contact.email == "dominique@example.org"
    )
    with pytest.raises(ValidationError):
        _send(process, text="x" * (MESSAGE_MAX_LENGTH + 1))
    assert Contribution.objects.count() == 1


def test_the_form_asks_no_follow_up_and_publication_is_optional():
    form = ContactMessageForm()
    assert "notify" not in form.fields
    assert [field.name for field in form.public_fields()] == [
        "text",
        "name",
        "email",
        "consent_to_publish",
    ]
    assert not form.fields["consent_to_publish"].required
