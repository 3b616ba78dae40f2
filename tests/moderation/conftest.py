"""Fixtures shared by the moderation test modules."""

from __future__ import annotations

import pytest

from coplan.moderation.models import ModerationReason


@pytest.fixture
def reason():
    return ModerationReason.objects.get(slug="spam")
