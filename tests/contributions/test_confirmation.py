"""The one confirmation machinery (here through idea supports): an address normalised and keyed,
a link bound to its record and request time, a message sent once per request in the person's
language, confirmation counting once and erasing the address."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.contributions import confirmation, voice
from coplan.contributions.models import Contribution, Support
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2018, 1, 9, 9, tzinfo=datetime.UTC)


@pytest.fixture
def idea(open_ideas):
    Opportunity.objects.filter(pk=open_ideas.pk).update(voice_rule="confirmed_email")
    open_ideas.refresh_from_db()
    return ContributionFactory(opportunity=open_ideas)


def test_an_address_is_normalised_and_keyed_the_same_whatever_its_case():
    email, key = confirmation.normalised_address("  Jean@Example.ORG ")
    assert email == "jean@example.org" and key.startswith(confirmation.EMAIL_KEY_PREFIX)
    assert confirmation.normalised_address("jean@example.org")[1] == key
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        confirmation.normalised_address("jean")
    assert list(refused.value.message_dict) == ["email"]


def test_a_link_counts_once_and_the_address_is_erased(idea, django_capture_on_commit_callbacks):
    support = voice.support_request(idea=idea, email="jean@example.org", language="fr")
    token = confirmation.token(voice.KIND, support)
    assert confirmation.check(voice.KIND, page_pk=idea.pk, token=token) == support
    confirmation.confirm(voice.KIND, page_pk=idea.pk, token=token)
    support.refresh_from_db()
    assert support.confirmed_at is not None and (support.email, support.language) == ("", "")
    assert Contribution.objects.get(pk=idea.pk).support_count == 1
    with pytest.raises(ValidationError, match="already been used"):
        confirmation.confirm(voice.KIND, page_pk=idea.pk, token=token)
    assert Contribution.objects.get(pk=idea.pk).support_count == 1


def test_asking_again_replaces_the_earlier_link(idea):
    with time_machine.travel(START, tick=False) as traveller:
        first = confirmation.token(
            voice.KIND, voice.support_request(idea=idea, email="a@b.org", language="en")
        )
        traveller.shift(datetime.timedelta(minutes=5))
        support = voice.support_request(idea=idea, email="a@b.org", language="en")
        with pytest.raises(ValidationError, match="no longer valid"):
            confirmation.check(voice.KIND, page_pk=idea.pk, token=first)
        assert confirmation.check(
            voice.KIND, page_pk=idea.pk, token=confirmation.token(voice.KIND, support)
        )


def test_a_link_on_another_page_or_forged_or_expired_changes_nothing(idea, open_ideas):
    with time_machine.travel(START, tick=False) as traveller:
        support = voice.support_request(idea=idea, email="a@b.org", language="en")
        token = confirmation.token(voice.KIND, support)
        other = ContributionFactory(opportunity=open_ideas)
        with pytest.raises(ValidationError, match="for another idea"):
            confirmation.confirm(voice.KIND, page_pk=other.pk, token=token)
        with pytest.raises(ValidationError, match="not valid"):
            confirmation.confirm(voice.KIND, page_pk=idea.pk, token="forged:abc")
        traveller.shift(datetime.timedelta(seconds=confirmation.CONFIRMATION_MAX_AGE + 1))
        with pytest.raises(ValidationError, match="has expired"):
            confirmation.confirm(voice.KIND, page_pk=idea.pk, token=token)
    assert Support.objects.get().confirmed_at is None


def test_the_message_is_sent_once_per_request_in_the_person_s_language(idea, mailoutbox):
    support = voice.support_request(idea=idea, email="jean@example.org", language="fr")
    mailoutbox.clear()
    assert confirmation.send(voice.KIND, support.pk)
    assert not confirmation.send(voice.KIND, support.pk)
    (message,) = mailoutbox
    assert message.to == ["jean@example.org"] and "/fr/" in message.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert not confirmation.send(voice.KIND, support.pk + 1000)
