"""Demo: publish the comments, commitments and questionnaire results data sets of the demo process
(idempotent: a kind already published is left as it is)."""

from __future__ import annotations

from django.db import transaction

from coplan.processes.demo import SLUG
from coplan.processes.models import Process

from .models import DataSetKind, DataSetStatus, DataSetVersion
from .services import dataset_version_build, dataset_version_request


def load(stdout=None) -> None:
    process = Process.objects.filter(slug=SLUG).first()
    if process is None:
        return
    for kind in DataSetKind.values:
        if DataSetVersion.objects.filter(
            process=process, kind=kind, status=DataSetStatus.PUBLISHED
        ).exists():
            continue
        with transaction.atomic():
            version = dataset_version_request(process=process, kind=kind)
        # The demo builds in-process so the data sets exist as soon as the command ends.
        version = dataset_version_build(version_id=version.pk)
        if stdout is not None:
            stdout.write(f"opendata: published {version} ({version.row_count} rows)\n")
