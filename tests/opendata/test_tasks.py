"""The open data background jobs (opendata.tasks): a requested version is built and published
by its task, once; the refresh of stored uses is tested with the uses (test_uses.py)."""

from __future__ import annotations

import pytest

from coplan.opendata import services
from coplan.opendata.models import DataSetStatus, DataSetVersion
from coplan.opendata.tasks import dataset_version_build_task


def test_the_build_task_publishes_the_requested_version(corpus, media):
    # Requested outside a transaction capture: the build is only queued, the task runs it here.
    version = services.dataset_version_request(process=corpus["process"], kind="contributions")
    assert version.status == DataSetStatus.BUILDING
    assert dataset_version_build_task.call(version.pk) == 4
    version.refresh_from_db()
    assert version.status == DataSetStatus.PUBLISHED
    files = set(version.files.values_list("path", "sha256"))
    # Run again (a retried job): the published version and its files stay as they are.
    assert dataset_version_build_task.call(version.pk) == 4
    assert set(version.files.values_list("path", "sha256")) == files


def test_the_build_task_refuses_an_unknown_version(db):
    with pytest.raises(DataSetVersion.DoesNotExist):
        dataset_version_build_task.call(999_999)
