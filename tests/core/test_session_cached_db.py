"""Cached database sessions: a session that ends tells every process, through the accounts
stamp, so that none keeps the account it remembered for it."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from coplan.core.session_cached_db import SessionStore
from coplan.core.session_db import ACCOUNTS_SCOPE
from coplan.core.stamps import shared_stamp

pytestmark = pytest.mark.django_db


def saved() -> SessionStore:
    store = SessionStore()
    store["visits"] = 1
    store.save()
    return store


def test_a_saved_session_reads_back_and_leaves_the_stamp_alone():
    before = shared_stamp(ACCOUNTS_SCOPE)
    store = saved()
    assert SessionStore(store.session_key)["visits"] == 1
    assert shared_stamp(ACCOUNTS_SCOPE) == before


def test_deleting_a_session_removes_it_and_changes_the_stamp():
    store = saved()
    before = shared_stamp(ACCOUNTS_SCOPE)
    store.delete()
    assert shared_stamp(ACCOUNTS_SCOPE) != before
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert SessionStore(store.session_key).load() == {}


def test_cycling_the_key_at_sign_in_changes_the_stamp_and_keeps_the_data():
    store = saved()
    old_key = store.session_key
    before = shared_stamp(ACCOUNTS_SCOPE)
    store.cycle_key()
    assert store.session_key != old_key and store["visits"] == 1
    assert shared_stamp(ACCOUNTS_SCOPE) != before
    assert not Session.objects.filter(session_key=old_key).exists()
