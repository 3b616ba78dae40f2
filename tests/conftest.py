"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation

from coplan.core.cache import breakers_reset
from tests.accounts.factories import UserFactory, staff_with_role
from tests.processes.factories import OpportunityFactory, ProcessFactory


@pytest.fixture(autouse=True)
def _clean_state(settings, tmp_path):
    """Each test starts with an empty cache (rate limits), the default language and its own
    media folder (files written by one test never collide with another's or with var/)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    breakers_reset()
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


ROLE_NAMES = (
    "participant",
    "moderator",
    "analyst",
    "forum member",
    "department reporter",
    "administrator",
)


@pytest.fixture
def role_user(db):
    """One person per role (participant: signed up, no staff role), made on first use."""
    made = {}

    def make(role: str):
        if role not in made:
            made[role] = staff_with_role(role)
        return made[role]

    return make


@pytest.fixture
def assert_role_table(role_user):
    """Check an app's {permission: roles holding it} table against its rules.py: the table names
    every permission the app declares, each role holds exactly the permissions its rows give, and
    a superuser holds them all."""
    from rules.permissions import permissions

    def check(app_label: str, table: dict[str, set[str]]) -> None:
        declared = {
            name for name in permissions if name == app_label or name.startswith(f"{app_label}.")
        }
        assert declared == set(table), "the table and rules.py name different permissions"
        superuser = UserFactory(is_superuser=True)
        wrong = [
            (perm, role)
            for perm, holders in table.items()
            for role in ROLE_NAMES
            if role_user(role).has_perm(perm) != (role in holders)
        ]
        assert wrong == [], "(permission, role) pairs that differ from the table"
        assert all(superuser.has_perm(perm) for perm in table)

    return check
