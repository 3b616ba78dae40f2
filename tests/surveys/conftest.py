"""Fixtures shared by this app's test modules (a test module never imports another)."""

import pytest

from tests.surveys.factories import questionnaire_with_every_kind


@pytest.fixture
def questionnaire(db):
    return questionnaire_with_every_kind()
