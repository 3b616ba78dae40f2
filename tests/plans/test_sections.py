"""The plan's block on the process page (plans.sections): the draft under review and the final
plan, or no block at all before anything is published."""

from __future__ import annotations

import pytest

from coplan.plans.sections import process_section_context
from tests.plans.factories import draft_version, published_final, published_review
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_no_block_before_a_version_is_published(process):
    assert process_section_context(process) is None
    draft_version(process)
    assert process_section_context(process) is None


def test_the_draft_under_review_then_the_final_plan(process, django_assert_num_queries):
    review = published_review(process)
    context = process_section_context(process)
    assert context == {"process": process, "draft": review, "final": None}
    final = published_final(review)
    with django_assert_num_queries(1):
        context = process_section_context(process)
        # The versions carry the process already: showing them costs no further query.
        assert context["final"].plan.process.slug == process.slug
    # The final plan supersedes the review draft, which leaves the block.
    assert context == {"process": process, "draft": None, "final": final}


def test_another_process_s_plan_is_not_shown(process):
    published_review(ProcessFactory())
    assert process_section_context(process) is None
