"""Data set versions and files (opendata.models): names in both languages, addresses, and the
rules the database keeps (one number per process and kind, one file per resource and format)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.utils import translation

from coplan.opendata.models import DataSetFile, DataSetStatus, DataSetVersion


def version(process, number: int = 1, status: str = DataSetStatus.BUILDING) -> DataSetVersion:
    return DataSetVersion.objects.create(
        process=process, kind="contributions", number=number, status=status
    )


def test_a_version_is_named_in_both_languages(corpus):
    made = version(corpus["process"], number=3)
    assert made.title_en == "Comments received and how they were used, version 3"
    assert made.title_fr == "Commentaires reçus et utilisation qui en a été faite, version 3"
    with translation.override("fr"):
        assert str(made) == made.title_fr


def test_addresses_of_a_version_and_its_files(corpus):
    slug = corpus["process"].slug
    made = version(corpus["process"], number=2)
    path = f"opendata/{slug}/contributions/v2/{slug}-contributions-v2.csv"
    record = DataSetFile.objects.create(
        version=made, resource="contributions", format="csv", path=path, sha256="0" * 64, size=1
    )
    with translation.override("en"):
        assert made.get_absolute_url() == f"/en/open-data/{slug}/contributions/v2/"
        assert record.get_absolute_url() == (
            f"/en/open-data/{slug}/contributions/v2/{slug}-contributions-v2.csv"
        )
    with translation.override("fr"):
        assert made.get_absolute_url().startswith("/fr/")
    assert record.filename == str(record) == f"{slug}-contributions-v2.csv"
    assert record.media_type == "text/csv; charset=utf-8"


def test_only_published_versions_are_public(corpus):
    process = corpus["process"]
    building = version(process, number=1)
    published = version(process, number=2, status=DataSetStatus.PUBLISHED)
    failed = version(process, number=3, status=DataSetStatus.FAILED)
    assert list(DataSetVersion.objects.published()) == [published]
    assert {building, failed}.isdisjoint(DataSetVersion.objects.published())


def test_a_number_is_given_once_per_process_and_kind(corpus):
    version(corpus["process"], number=1)
    with pytest.raises(IntegrityError):
        version(corpus["process"], number=1)


def test_a_version_has_one_file_per_resource_and_format(corpus):
    made = version(corpus["process"])
    fields = {
        "version": made,
        "resource": "contributions",
        "format": "csv",
        "sha256": "",
        "size": 0,
    }
    DataSetFile.objects.create(path="opendata/a.csv", **fields)
    with pytest.raises(IntegrityError):
        DataSetFile.objects.create(path="opendata/b.csv", **fields)
