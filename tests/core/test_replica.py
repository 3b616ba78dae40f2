"""Read replica routing: only anonymous reads of public pages may go to the replica; writes,
migrations and every other read go to the primary."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from coplan.accounts.models import User
from coplan.core import replica
from tests.accounts.factories import TEST_PASSWORD


def _request(method="GET", path="/en/", cookies=None):
    request = getattr(RequestFactory(), method.lower())(path)
    request.COOKIES.update(cookies or {})
    return request


@pytest.mark.parametrize(
    "method,path,cookies,allowed",
    [
        ("GET", "/en/", {}, True),
        ("HEAD", "/fr/some-process/", {}, True),
        ("POST", "/en/", {}, False),
        ("GET", "/en/", {"sessionid": "x"}, False),
        ("GET", "/en/", {"csrftoken": "x"}, False),
        ("GET", "/en/staff/moderation/", {}, False),
        ("GET", "/en/admin/", {}, False),
        ("GET", "/en/account/", {}, False),
    ],
)
def test_only_anonymous_public_reads_may_use_the_replica(method, path, cookies, allowed):
    assert replica.request_may_use_replica(_request(method, path, cookies)) is allowed


def test_router_sends_marked_reads_to_the_replica_and_writes_to_primary(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    router = replica.PrimaryReplicaRouter()
    assert router.db_for_read(User) == "default"
    token = replica._replica_allowed.set(True)
    try:
        assert router.db_for_read(User) == "replica"
        assert router.db_for_write(User) == "default"
    finally:
        replica._replica_allowed.reset(token)
    assert router.allow_migrate("replica", "accounts") is False


@pytest.mark.django_db
def test_replica_middleware_marks_anonymous_reads_only(client, monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    seen = []
    original = replica.PrimaryReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = original(self, model, **hints)
        seen.append(alias)
        return "default"  # the test database has no second connection to route to

    monkeypatch.setattr(replica.PrimaryReplicaRouter, "db_for_read", spy)
    client.get("/en/account/sign-in/")
    anonymous = set(seen)
    seen.clear()
    client.post("/en/account/sign-in/", {"username": "a@example.org", "password": TEST_PASSWORD})
    assert "replica" not in seen
    assert anonymous <= {"replica"}
