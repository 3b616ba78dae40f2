"""Fixtures shared by this app's test modules."""

import pytest

from tests.processes.factories import OpportunityFactory


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def sessions(process):
    """An open sessions opportunity in the Development phase: proposals are taken."""
    phase = process.phases.get(kind="development")
    return OpportunityFactory(phase=phase, kind="sessions", status="open", slug="sessions")
