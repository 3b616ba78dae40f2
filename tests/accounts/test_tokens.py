"""Single-use links: a registration token carries its address until it is too old or tampered
with; a sign-in token dies when the person signs in or once its lifetime is over."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from coplan.accounts.tokens import registration_email, registration_token, sign_in_link_tokens
from tests.accounts.factories import UserFactory

START = datetime.datetime(2018, 3, 1, 9, 0, tzinfo=datetime.UTC)


def test_a_registration_token_gives_back_its_address_in_lower_case():
    assert registration_email(registration_token("Alice@Example.ORG")) == "alice@example.org"


@pytest.mark.parametrize("token", ["", "not-a-token", "alice@example.org"])
def test_a_made_up_registration_token_gives_nothing(token):
    assert registration_email(token) is None


def test_a_tampered_registration_token_gives_nothing():
    token = registration_token("alice@example.org")
    value, rest = token.split(":", 1)
    assert registration_email(value[:-1] + ("A" if value[-1] != "A" else "B") + ":" + rest) is None


def test_a_registration_token_lives_its_lifetime_and_no_longer(settings):
    settings.COPLAN_REGISTRATION_LINK_AGE = 3600
    with time_machine.travel(START, tick=False) as traveller:
        token = registration_token("alice@example.org")
        traveller.shift(datetime.timedelta(seconds=3600))
        assert registration_email(token) == "alice@example.org"
        traveller.shift(datetime.timedelta(seconds=2))
        assert registration_email(token) is None


@pytest.mark.django_db
def test_a_sign_in_token_expires_after_its_own_lifetime(settings):
    settings.COPLAN_SIGN_IN_LINK_AGE = 15 * 60
    with time_machine.travel(START, tick=False) as traveller:
        user = UserFactory()
        token = sign_in_link_tokens.make_token(user)
        traveller.shift(datetime.timedelta(minutes=15))
        assert sign_in_link_tokens.check_token(user, token)
        traveller.shift(datetime.timedelta(minutes=1))
        assert not sign_in_link_tokens.check_token(user, token)


@pytest.mark.django_db
def test_a_sign_in_token_dies_once_the_person_signs_in():
    user = UserFactory()
    token = sign_in_link_tokens.make_token(user)
    assert sign_in_link_tokens.check_token(user, token)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert not sign_in_link_tokens.check_token(user, token)
    assert not sign_in_link_tokens.check_token(user, "zz-" + token.split("-", 1)[1])
