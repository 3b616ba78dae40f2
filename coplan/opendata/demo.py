"""Demo: publish the comments, commitments and questionnaire results data sets of the 4th plan
(idempotent: a kind already published is left as it is).

The comments and questionnaire results are dated June 28, 2018, the day the final plan and What
We Heard came out with "the comment data" (the seed's Finalization phase); the commitments data
set, which holds two years of progress, is the end-of-term one of June 30, 2020.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from coplan.processes.demo import SLUG, at
from coplan.processes.models import Process

from .models import DataSetKind, DataSetStatus, DataSetVersion
from .services import dataset_version_build, dataset_version_request

PUBLISHED_ON = {DataSetKind.COMMITMENTS: at(2020, 6, 30, 9)}


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
        published = PUBLISHED_ON.get(kind, at(2018, 6, 28, 9))
        DataSetVersion.objects.filter(pk=version.pk).update(
            requested_at=published - datetime.timedelta(hours=2), published_at=published
        )
        if stdout is not None:
            stdout.write(f"opendata: published {version} ({version.row_count} rows)\n")
