"""Shared fixtures of the open data tests that only some modules use."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def generous_rate(settings):
    settings.COPLAN_RATE_API = "100000/60"
