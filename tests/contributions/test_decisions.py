"""Listeners of moderation decisions: each kind's listeners hear the ids it moved and the new
state; a failing listener is logged and the others still run."""

from __future__ import annotations

import logging

import pytest

from coplan.contributions import decisions


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    """Listeners registered here never reach the apps' own (restored after each test)."""
    monkeypatch.setattr(decisions, "_listeners", {})


def test_each_kind_s_listeners_hear_their_own_ids():
    heard = []
    decisions.register_decision_listener(
        "session", "events", lambda ids, s: heard.append(("e", ids, s))
    )
    decisions.register_decision_listener(
        "answer", "surveys", lambda ids, s: heard.append(("s", ids, s))
    )
    decisions.decided(ids_by_kind={"session": [3, 4], "idea": [5]}, new_state="published")
    assert heard == [("e", [3, 4], "published")]


def test_a_kind_with_no_ids_is_not_told():
    heard = []
    decisions.register_decision_listener("session", "events", lambda ids, s: heard.append(ids))
    decisions.decided(ids_by_kind={"session": []}, new_state="rejected")
    assert heard == []


def test_registering_again_under_a_name_replaces_the_listener():
    heard = []
    decisions.register_decision_listener("session", "events", lambda ids, s: heard.append("old"))
    decisions.register_decision_listener("session", "events", lambda ids, s: heard.append("new"))
    decisions.decided(ids_by_kind={"session": [1]}, new_state="hidden")
    assert heard == ["new"]


def test_a_failing_listener_is_logged_and_the_others_still_run(caplog):
    heard = []

    def broken(ids, state):
        raise RuntimeError("mail server down")

    decisions.register_decision_listener("session", "broken", broken)
    decisions.register_decision_listener("session", "events", lambda ids, s: heard.append(ids))
    with caplog.at_level(logging.ERROR, logger="coplan.contributions.decisions"):
        decisions.decided(ids_by_kind={"session": [7]}, new_state="published")
    assert heard == [[7]]
    assert "Decision listener broken failed" in caplog.text
