"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.accounts.factories import UserFactory, staff_with_role
from tests.processes.factories import OpportunityFactory, ProcessFactory


@pytest.fixture(autouse=True)
def _clean_state(settings, tmp_path):
    """Each test starts with an empty cache (rate limits), the default language and its own
    media folder (files written by one test never collide with another's or with var/)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def process(db):
    """A process with its six phases, none with opportunities."""
    return ProcessFactory()


@pytest.fixture
def open_ideas(process):
    """An open call for ideas in the process's Development phase."""
    phase = process.phases.get(kind="development")
    return OpportunityFactory(phase=phase, kind="ideas", status="open", slug="ideas")


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return staff_with_role("moderator")


@pytest.fixture
def analyst(db):
    return staff_with_role("analyst")


@pytest.fixture
def administrator(db):
    return staff_with_role("administrator")


@pytest.fixture
def forum_member(db):
    return staff_with_role("forum member")


@pytest.fixture
def reporter(db):
    return staff_with_role("department reporter")
