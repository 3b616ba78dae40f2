"""Fixtures shared by this app's test modules."""

import pytest


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client
