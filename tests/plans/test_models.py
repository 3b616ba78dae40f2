"""A plan version's state (plans.models): published or draft, whether its text was final, its
page, and its name."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.plans.models import PlanVersion
from tests.plans.factories import draft_version, published_final, published_review
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status,based,published,draft,final",
    [
        ("draft", False, False, True, False),
        ("review", False, True, False, False),
        ("final", True, True, False, True),
        # A review draft replaced: readable, never final; a final replaced by a later final.
        ("superseded", False, True, False, False),
        ("superseded", True, True, False, True),
    ],
)
def test_the_state_of_a_version(status, based, published, draft, final):
    version = PlanVersion(status=status, based_on_id=1 if based else None)
    assert (version.is_published, version.is_draft, version.was_final) == (published, draft, final)


def test_a_versions_page_and_name(process):
    review = published_review(process)
    assert review.get_absolute_url() == f"/en/plans/{process.slug}/v1/"
    final = published_final(review)
    assert final.get_absolute_url() == f"/en/plans/{process.slug}/v2/"
    with translation.override("en"):
        assert str(final).endswith(", version 2")
    assert draft_version(ProcessFactory()).is_draft
