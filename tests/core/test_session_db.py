"""Database sessions read with one fixed statement (coplan.core.session_db): what Django's own
store would read, expired and unknown keys refused, on each database CI runs."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.core.session_db import SessionStore

pytestmark = pytest.mark.django_db


def saved(**data) -> SessionStore:
    store = SessionStore()
    store.update(data)
    store.save()
    return store


def test_it_is_the_engine_without_a_shared_cache():
    assert settings.SESSION_ENGINE == "coplan.core.session_db"


def test_a_saved_session_reads_back_in_one_query():
    key = saved(pending=[3, 5], name="é").session_key
    store = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        assert store["pending"] == [3, 5] and store["name"] == "é"
    assert len(queries) == 1
    assert store.session_key == key


def test_an_expired_session_is_refused_and_its_key_forgotten():
    key = saved(secret="kept").session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    store = SessionStore(key)
    assert store.get("secret") is None
    assert store.session_key is None
    store["fresh"] = True
    store.save()
    assert store.session_key != key


def test_a_session_expiring_later_is_read_and_an_unknown_key_is_not():
    key = saved(secret="kept").session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=1)
    )
    assert SessionStore(key)["secret"] == "kept"
    unknown = SessionStore("x" * 32)
    assert unknown.get("secret") is None and unknown.session_key is None


def test_tampered_data_gives_an_empty_session():
    key = saved(role="participant").session_key
    Session.objects.filter(session_key=key).update(session_data="forged:data")
    assert SessionStore(key).get("role") is None


def test_a_signed_in_visitor_stays_signed_in(client, user):
    client.force_login(user)
    response = client.get("/en/account/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user
