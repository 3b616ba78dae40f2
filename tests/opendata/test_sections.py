"""The open data block of the process page (opendata.sections): the newest published version of
each data set of that process, and nothing of a version still building."""

from __future__ import annotations

import pytest

from coplan.opendata.models import DataSetVersion
from coplan.opendata.sections import process_section_context
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_the_block_lists_the_newest_published_version_of_each_kind(
    process, django_assert_num_queries
):
    DataSetVersion.objects.create(
        process=process, kind="contributions", number=1, status="published"
    )
    new = DataSetVersion.objects.create(
        process=process, kind="contributions", number=2, status="published"
    )
    DataSetVersion.objects.create(
        process=process, kind="contributions", number=3, status="building"
    )
    with django_assert_num_queries(2):
        context = process_section_context(process)
        assert context == {"process": process, "latest": [new]}


def test_a_process_without_data_sets_has_an_empty_block():
    assert process_section_context(ProcessFactory())["latest"] == []
