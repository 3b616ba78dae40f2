"""Follow-up by email: one handler (the notifications app's) receives each request; without
one, asking is a configuration error, never a silent loss."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from coplan.contributions import followup
from tests.contributions.factories import ContributionFactory


def test_the_registered_handler_receives_the_request(open_ideas, monkeypatch):
    monkeypatch.setattr(followup, "_handler", [])
    received = []
    followup.register_followup(lambda **kwargs: received.append(("first", kwargs)))
    followup.register_followup(lambda **kwargs: received.append(("second", kwargs)))
    idea = ContributionFactory(opportunity=open_ideas)
    followup.followup_request(contribution=idea, email="a@example.org", language="fr")
    assert received == [
        ("second", {"contribution": idea, "email": "a@example.org", "language": "fr", "user": None})
    ]


def test_without_a_handler_a_request_is_refused(open_ideas, monkeypatch):
    monkeypatch.setattr(followup, "_handler", [])
    idea = ContributionFactory(opportunity=open_ideas)
    with pytest.raises(ImproperlyConfigured, match="notifications"):
        followup.followup_request(contribution=idea, email="a@example.org", language="en")


def test_the_notifications_app_registers_its_handler():
    assert len(followup._handler) == 1
    assert followup._handler[0].__module__.startswith("coplan.notifications")
