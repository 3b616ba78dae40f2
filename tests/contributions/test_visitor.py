"""Who is taking part: one key per person (an account, or a keyed hash of an anonymous session),
and the visitor's own items remembered in their session."""

from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from coplan.contributions import visitor
from tests.accounts.factories import UserFactory


def _request(user=None, session=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = session or import_module(settings.SESSION_ENGINE).SessionStore()
    return request


@pytest.mark.django_db
def test_a_signed_in_person_is_known_by_their_account():
    user = UserFactory()
    request = _request(user)

    assert visitor.visitor_key(request) == f"user:{user.pk}"
    assert visitor.existing_visitor_key(request) == f"user:{user.pk}"
    assert visitor.author_of(request) == user
    assert request.session.session_key is None


@pytest.mark.django_db
def test_an_anonymous_visitor_is_a_keyed_hash_of_their_session_made_only_when_needed():
    request = _request()

    assert visitor.existing_visitor_key(request) is None
    assert request.session.session_key is None, "reading pages never creates a session"
    key = visitor.visitor_key(request)
    assert key.startswith("anon:") and len(key) == len("anon:") + 40
    assert request.session.session_key not in key
    assert visitor.visitor_key(request) == key == visitor.existing_visitor_key(request)
    assert visitor.visitor_key(_request()) != key
    assert visitor.author_of(request) is None


@pytest.mark.django_db
def test_own_items_are_remembered_newest_first_once_each_and_bounded():
    request = _request()
    for pk in (1, 2, 1):
        visitor.remember_own(request, pk)
    assert visitor.own_ids(request) == [1, 2]

    for pk in range(10, 10 + visitor.OWN_REMEMBERED):
        visitor.remember_own(request, pk)
    remembered = visitor.own_ids(request)
    assert len(remembered) == visitor.OWN_REMEMBERED
    assert remembered[0] == 9 + visitor.OWN_REMEMBERED and 1 not in remembered


@pytest.mark.django_db
def test_only_ids_count_as_own_items():
    request = _request()
    request.session[visitor.OWN_SESSION_KEY] = [3, "4", None, 5]

    assert visitor.own_ids(request) == [3, 5]
