"""Published data sets: numbered versions per process and kind, with immutable files.

A version is requested by staff (building), built by a background task, then published with
one file per format and resource, each with its SHA-256 checksum, size and row count. Once
published, a version and its files never change: corrections are published as a new version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataSetKind(models.TextChoices):
    CONTRIBUTIONS = "contributions", _("Comments received and how they were used")
    COMMITMENTS = "commitments", _("Commitments and milestones")
    QUESTIONNAIRE_RESULTS = "questionnaire_results", _("Questionnaire results")


class DataSetStatus(models.TextChoices):
    BUILDING = "building", _("Being built")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


# Allowed status changes, checked in one place (services): a published version is final.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    DataSetStatus.BUILDING: frozenset({DataSetStatus.PUBLISHED, DataSetStatus.FAILED}),
    DataSetStatus.PUBLISHED: frozenset(),
    DataSetStatus.FAILED: frozenset(),
}


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    XLSX = "xlsx", "XLSX"
    DATAPACKAGE = "datapackage", "Frictionless datapackage.json"
    DICTIONARY = "dictionary", _("Data dictionary (CSV)")


MEDIA_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.JSON: "application/json",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.DATAPACKAGE: "application/json",
    FileFormat.DICTIONARY: "text/csv; charset=utf-8",
}


class DataSetVersionQuerySet(models.QuerySet["DataSetVersion"]):
    def published(self) -> DataSetVersionQuerySet:
        """Published versions only: the only ones the public ever sees."""
        return self.filter(status=DataSetStatus.PUBLISHED)


class DataSetVersion(models.Model):
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        related_name="dataset_versions",
        verbose_name=_("process"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DataSetKind)
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=DataSetStatus, default=DataSetStatus.BUILDING
    )
    # Staff accounts only; never published (the API and files do not carry it).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    row_count = models.PositiveBigIntegerField(_("rows"), default=0)
    job = models.ForeignKey(
        "core.JobProgress",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("progress"),
    )
    failure = models.CharField(_("reason for failure"), max_length=500, blank=True)

    objects = DataSetVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("data set version")
        verbose_name_plural = _("data set versions")
        ordering = ["process", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "kind", "number"], name="dataset_version_unique_number"
            ),
        ]
        indexes = [models.Index(fields=["process", "status", "-published_at"])]

    def __str__(self) -> str:
        values = {"kind": self.get_kind_display(), "number": self.number}
        return str(_("%(kind)s, version %(number)s") % values)

    def get_absolute_url(self) -> str:
        return reverse(
            "opendata:version",
            kwargs={"slug": self.process.slug, "kind": self.kind, "number": self.number},
        )

    @property
    def title_en(self) -> str:
        from django.utils import translation

        with translation.override("en"):
            return str(self)

    @property
    def title_fr(self) -> str:
        from django.utils import translation

        with translation.override("fr"):
            return str(self)


class DataSetFile(models.Model):
    """One published file of a version: written once, never rewritten."""

    version = models.ForeignKey(
        DataSetVersion, on_delete=models.CASCADE, related_name="files", verbose_name=_("version")
    )
    resource = models.SlugField(_("resource"), max_length=40)
    format = models.CharField(_("format"), max_length=12, choices=FileFormat)
    # Relative to MEDIA_ROOT.
    path = models.CharField(_("path"), max_length=300, unique=True)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    row_count = models.PositiveBigIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("data set file")
        verbose_name_plural = _("data set files")
        ordering = ["version", "resource", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "resource", "format"], name="dataset_file_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        version = self.version
        return reverse(
            "opendata:file",
            kwargs={
                "slug": version.process.slug,
                "kind": version.kind,
                "number": version.number,
                "filename": self.filename,
            },
        )

    @property
    def filename(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]
