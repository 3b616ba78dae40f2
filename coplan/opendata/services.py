"""Publishing data set versions: staff ask, a background task builds, files never change."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.accounts.models import User
from coplan.core.progress import Progress, job_create
from coplan.notifications.services import announcement_create
from coplan.processes.models import Process

from .columns import RESOURCES_BY_KIND, dictionary, in_both
from .models import (
    STATUS_TRANSITIONS,
    DataSetFile,
    DataSetKind,
    DataSetStatus,
    DataSetVersion,
    FileFormat,
)
from .rows import expected_rows, table_sources
from .writers import XLSX_MAX_ROWS, datapackage, sha256_of, write_dictionary, write_tables

logger = logging.getLogger(__name__)

MEDIA_SUBDIRECTORY = "opendata"


def _transition(version: DataSetVersion, to: str) -> None:
    if to not in STATUS_TRANSITIONS[version.status]:
        raise ValidationError(
            _("A data set version that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": version.get_status_display(),
                "target": DataSetStatus(to).label,
            }
        )
    version.status = to


def version_directory(version: DataSetVersion) -> str:
    """Where a version's files live, relative to MEDIA_ROOT."""
    return f"{MEDIA_SUBDIRECTORY}/{version.process.slug}/{version.kind}/v{version.number}"


def dataset_version_request(
    *, process: Process, kind: str, requested_by: User | None = None
) -> DataSetVersion:
    """Number a new version and queue its build; one build per process and kind at a time."""
    if kind not in DataSetKind.values:
        raise ValidationError(_("Choose a kind of data set."))
    with transaction.atomic():
        # Lock the process row: two staff members publishing at once get two numbers, in order.
        Process.objects.select_for_update().filter(pk=process.pk).first()
        versions = DataSetVersion.objects.filter(process=process, kind=kind)
        if versions.filter(status=DataSetStatus.BUILDING).exists():
            raise ValidationError(
                _("A version of this data set is already being built. Wait until it is done.")
            )
        number = (versions.aggregate(n=Max("number"))["n"] or 0) + 1
        job = job_create(
            gettext_lazy("Data set %(kind)s, version %(number)s of %(process)s"),
            {"kind": DataSetKind(kind).label, "number": number, "process": process.slug},
            total=expected_rows(kind, process),
        )
        try:
            version = DataSetVersion.objects.create(
                process=process, kind=kind, number=number, requested_by=requested_by, job=job
            )
        except IntegrityError:
            raise ValidationError(
                _("Another version was requested at the same moment. Try again.")
            ) from None
        transaction.on_commit(lambda: _enqueue_build(version.pk))
    return version


def _enqueue_build(version_id: int) -> None:
    from .tasks import dataset_version_build_task

    dataset_version_build_task.enqueue(version_id)


FileRecord = tuple[str, str, Path, int]  # resource, format, path, rows


def dataset_version_build(*, version_id: int) -> DataSetVersion:
    """Write every file of a version, record checksums and row counts, publish it.

    Files are written in a private temporary directory and moved into place only when all of
    them are complete: a failed build leaves nothing published and nothing half written.
    """
    version = DataSetVersion.objects.select_related("process", "job").get(pk=version_id)
    if version.status != DataSetStatus.BUILDING:
        return version
    work = _work_directory(version)
    try:
        label = version.job.label if version.job else _stem(version)
        with Progress(label, job=version.job) as progress:
            files, total_rows = _write_files(version, work, progress)
            _publish(version, work, files, total_rows)
    except Exception as error:
        shutil.rmtree(work, ignore_errors=True)
        logger.exception("data set version %s failed to build", version.pk)
        _transition(version, DataSetStatus.FAILED)
        version.failure = type(error).__name__[:500]
        version.save(update_fields=["status", "failure"])
        raise
    return version


def _stem(version: DataSetVersion) -> str:
    return f"{version.process.slug}-{version.kind}-v{version.number}"


def _work_directory(version: DataSetVersion) -> Path:
    """A fresh private directory under MEDIA_ROOT for the version's files. A build whose
    worker died left its half-written folder: this run (the job run again) starts over, so
    that folder goes. One build per version runs at a time."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    prefix = f".building-{version.pk}-"
    for leftover in media_root.glob(f"{prefix}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=media_root))


def _write_files(
    version: DataSetVersion, work: Path, progress: Progress
) -> tuple[list[FileRecord], int]:
    """Every resource's tables and dictionary, then the data package: (files, rows)."""
    process = version.process
    created = timezone.now()
    files: list[FileRecord] = []
    package_resources = []
    total_rows = 0
    for resource in RESOURCES_BY_KIND[version.kind]:
        stem = f"{_stem(version)}-{resource.name}"
        meta = {
            "process": process.slug,
            "data_set": version.kind,
            "version": version.number,
            "resource": resource.name,
            "created": created.isoformat(),
            "licence": "OGL-Canada-2.0",
        }
        count_hint = expected_rows(version.kind, process)
        with table_sources(resource.name, process) as (chunks, csv_chunks):
            written = write_tables(
                directory=work,
                stem=stem,
                resource=resource,
                chunks=chunks,
                csv_chunks=csv_chunks,
                meta=meta,
                with_xlsx=count_hint <= XLSX_MAX_ROWS,
                advance=progress.advance,
            )
        files += [(resource.name, form, path, rows) for form, (path, rows) in written.items()]
        csv_path, rows = written["csv"]
        total_rows += rows
        package_resources.append((resource, csv_path, rows))
        dictionary_path = work / f"{stem}-dictionary.csv"
        entries = write_dictionary(path=dictionary_path, entries=dictionary(resource, process))
        files.append((resource.name, FileFormat.DICTIONARY, dictionary_path, entries))
    package = datapackage(
        name=_stem(version),
        title=in_both(DataSetKind(version.kind).label),
        version=version.number,
        created=created.isoformat(),
        process=process,
        resources=package_resources,
    )
    package_path = work / "datapackage.json"
    package_path.write_text(json.dumps(package, ensure_ascii=False, indent=2), "utf-8")
    files.append(("package", FileFormat.DATAPACKAGE, package_path, len(package_resources)))
    return files, total_rows


def _publish(version: DataSetVersion, work: Path, files: list[FileRecord], total_rows: int) -> None:
    """Move the written files into place and record them; the version is then published."""
    relative = version_directory(version)
    final_directory = Path(settings.MEDIA_ROOT) / relative
    if final_directory.exists():
        if DataSetFile.objects.filter(path__startswith=f"{relative}/").exists():
            # A published version's files are immutable: never overwrite them.
            raise FileExistsError(relative)
        # Left by another database or a crash between the move and the commit: no published
        # version refers to it, so keep it aside rather than block publishing.
        final_directory.rename(
            final_directory.with_name(f"{final_directory.name}.orphan-{work.name}")
        )
    final_directory.parent.mkdir(parents=True, exist_ok=True)
    records = [
        DataSetFile(
            version=version,
            resource=resource_name,
            format=file_format,
            path=f"{relative}/{path.name}",
            sha256=sha256_of(path),
            size=path.stat().st_size,
            row_count=rows,
        )
        for resource_name, file_format, path, rows in files
    ]
    work.rename(final_directory)
    with transaction.atomic():
        DataSetFile.objects.bulk_create(records)
        _transition(version, DataSetStatus.PUBLISHED)
        version.published_at = timezone.now()
        version.row_count = total_rows
        version.save(update_fields=["status", "published_at", "row_count"])
        transaction.on_commit(lambda: _announce(version))


def _announce(version: DataSetVersion) -> None:
    """Tell the people following the process (notifications app), once per version."""
    title_en, title_fr = version.title_en, version.title_fr
    announcement_create(
        kind="dataset_published",
        process=version.process,
        obj=version,
        title={"en": title_en, "fr": title_fr},
    )
