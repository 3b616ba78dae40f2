"""Fixtures shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import pytest


@pytest.fixture
def staff(client, administrator):
    client.force_login(administrator)
    return client
