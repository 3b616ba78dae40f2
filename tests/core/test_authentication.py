"""A participant's account is remembered per process between requests (issue 21: a cached page
served to a signed-in participant reads nothing from the database), and every way a session
ends still ends it at the next request: sign-out elsewhere, a changed password, a role taken
away, a deactivated account. Staff are always checked in full."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore as PlainSessionStore
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coplan.core import authentication
from coplan.core.session_db import SessionStore
from tests.accounts.factories import UserFactory
from tests.contributions.factories import ContributionFactory


@pytest.fixture(autouse=True)
def _memo_on(settings):
    """The test settings turn the memo off (exact query counts elsewhere)."""
    settings.COPLAN_SIGNED_IN_MEMO_SECONDS = 60


@pytest.fixture
def signed_in(db, open_ideas):
    """A participant's browser, an idea page it has seen twice (cached), and the participant."""
    participant = UserFactory()
    browser = Client()
    browser.force_login(participant)
    url = ContributionFactory(opportunity=open_ideas).get_absolute_url()
    for _ in range(2):
        assert browser.get(url).status_code == 200
    return browser, url, participant


def _signed_in(browser: Client, url: str) -> bool:
    return browser.get(url).wsgi_request.user.is_authenticated


def test_a_cached_page_for_a_participant_reads_nothing_from_the_database(signed_in):
    from django.db import connection

    browser, url, participant = signed_in
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert response.wsgi_request.user.pk == participant.pk
    assert [query["sql"] for query in queries] == []


def test_signing_out_in_another_browser_tab_or_process_ends_the_session(signed_in):
    """The session deleted through the store (what signing out does), not through this
    browser: the remembered account must not outlive it."""
    browser, url, _participant = signed_in
    session_key = browser.cookies["sessionid"].value
    SessionStore(session_key).delete()
    assert not _signed_in(browser, url)


def test_a_changed_password_ends_the_other_sessions(signed_in):
    browser, url, participant = signed_in
    participant.set_password("a-new-long-passphrase-2026")
    participant.save()
    assert not _signed_in(browser, url)


def test_a_deactivated_account_is_signed_out(signed_in):
    browser, url, participant = signed_in
    participant.is_active = False
    participant.save()
    assert not _signed_in(browser, url)


def test_a_role_taken_away_ends_the_session(signed_in, django_capture_on_commit_callbacks):
    """Roles are groups; a change of groups (and the session generation raised with a
    queryset update, which sends no signal) ends the remembered session."""
    from coplan.accounts.models import User

    browser, url, participant = signed_in
    group = Group.objects.create(name="Some role")
    participant.groups.add(group)
    assert _signed_in(browser, url)
    with django_capture_on_commit_callbacks(execute=True):
        participant.groups.remove(group)
        User.objects.filter(pk=participant.pk).update(session_generation=1)
    assert not _signed_in(browser, url)


def test_staff_are_never_remembered(client, moderator, settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = False
    client.force_login(moderator)
    client.get("/en/")
    assert client.cookies["sessionid"].value not in authentication._memo


def test_the_memo_holds_the_session_checked_for_the_participant(signed_in):
    browser, url, participant = signed_in
    remembered = authentication._memo[browser.cookies["sessionid"].value][2]
    assert remembered.pk == participant.pk
    # Each request gets its own copy: per-request attributes never reach another request.
    assert browser.get(url).wsgi_request.user is not remembered


def test_a_plain_store_and_ours_read_the_same_session(signed_in):
    browser, _url, participant = signed_in
    session_key = browser.cookies["sessionid"].value
    ours = SessionStore(session_key)
    assert dict(ours.items()) == dict(PlainSessionStore(session_key).items())
    assert ours["_auth_user_id"] == str(participant.pk)


@pytest.mark.django_db
def test_ending_a_session_in_the_redis_store_changes_the_accounts_stamp():
    """With Redis (coplan.core.session_cached_db), a session deleted is announced too."""
    from coplan.core.session_cached_db import SessionStore as CachedSessionStore
    from coplan.core.session_db import ACCOUNTS_SCOPE
    from coplan.core.stamps import shared_stamp

    store = CachedSessionStore()
    store["visited"] = True
    store.create()
    before = shared_stamp(ACCOUNTS_SCOPE)
    store.delete()
    assert shared_stamp(ACCOUNTS_SCOPE) != before
