"""Building and publishing data set versions: files, checksums, columns, frictionless."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from coplan.opendata import services
from coplan.opendata.columns import CONTRIBUTIONS
from coplan.opendata.models import DataSetStatus, DataSetVersion


def publish(process, kind, django_capture_on_commit_callbacks, user=None) -> DataSetVersion:
    with django_capture_on_commit_callbacks(execute=True):
        version = services.dataset_version_request(process=process, kind=kind, requested_by=user)
    version.refresh_from_db()
    return version


def files_of(version) -> dict[tuple[str, str], Path]:
    from django.conf import settings

    return {(f.resource, f.format): Path(settings.MEDIA_ROOT) / f.path for f in version.files.all()}


def csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_publication_writes_every_format_with_checksums(corpus, django_capture_on_commit_callbacks):
    """A version is built by the task, published with SHA-256 checksums and row counts."""
    version = publish(corpus["process"], "contributions", django_capture_on_commit_callbacks)
    assert version.status == DataSetStatus.PUBLISHED
    assert version.row_count == 4  # idea, comment, French idea, comment on the hidden idea
    assert version.job.state == "done"
    files = files_of(version)
    assert set(files) == {
        ("contributions", "csv"),
        ("contributions", "json"),
        ("contributions", "xlsx"),
        ("contributions", "dictionary"),
        ("package", "datapackage"),
    }
    for record in version.files.all():
        path = files[(record.resource, record.format)]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record.sha256
        assert path.stat().st_size == record.size
    assert version.files.get(format="csv").row_count == 4


def test_columns_are_generated_from_the_records(corpus, django_capture_on_commit_callbacks):
    """Disposition, response, themes, commitments, translation and campaign come from records."""
    version = publish(corpus["process"], "contributions", django_capture_on_commit_callbacks)
    rows = {
        int(r["Identifier | Identifiant"]): r
        for r in csv_rows(files_of(version)[("contributions", "csv")])
    }
    headers = list(next(iter(rows.values())).keys())
    assert headers == CONTRIBUTIONS.headers
    assert "Disposition | Suite donnée" in headers or any(" | " in h for h in headers)
    idea = rows[corpus["idea"].pk]
    keyed = dict(zip(CONTRIBUTIONS.keys, idea.values(), strict=True))
    assert keyed["comment"] == "Please open the budget data. [redacted]"
    assert keyed["votes"] == "7"
    assert keyed["disposition"] == "in-plan"
    assert keyed["response_fr"] == "C'est devenu l'engagement 1."
    assert keyed["primary_theme"] == "open-data"
    assert set(keyed["themes"].split(";")) == {"open-data", "budget"}
    assert keyed["primary_commitment"] == "c1"
    assert keyed["secondary_commitments"] == "c2"
    assert keyed["received"] == "2018-01-15T15:00:00Z"
    assert keyed["url"].endswith(f"/en/participate/ideas/{corpus['idea'].pk}/")
    comment = dict(zip(CONTRIBUTIONS.keys, rows[corpus["comment"].pk].values(), strict=True))
    assert comment["context_type"] == "idea"
    assert comment["context_en"] == "Open the budget data"
    # Spreadsheet formulas are neutralised.
    assert comment["comment"].startswith("'=HYPERLINK")
    french = dict(zip(CONTRIBUTIONS.keys, rows[corpus["french"].pk].values(), strict=True))
    assert french["translation"] == "Publish the data."
    assert french["translation_language"] == "en"
    assert (french["campaign"], french["campaign_size"]) == ("campaign-1", "42")
    assert french["url"].startswith("http") and "/fr/" in french["url"]
    # Where nothing is recorded the columns exist and are empty, never invented.
    assert comment["disposition"] == "" and comment["primary_theme"] == ""


def test_a_comment_on_a_hidden_idea_does_not_reveal_it(corpus, django_capture_on_commit_callbacks):
    version = publish(corpus["process"], "contributions", django_capture_on_commit_callbacks)
    text = files_of(version)[("contributions", "csv")].read_text("utf-8")
    assert "A comment on a hidden idea." in text
    assert "HIDDEN-CANARY-TEXT" not in text


def test_json_and_xlsx_hold_the_same_rows(corpus, django_capture_on_commit_callbacks):
    version = publish(corpus["process"], "contributions", django_capture_on_commit_callbacks)
    files = files_of(version)
    document = json.loads(files[("contributions", "json")].read_text("utf-8"))
    assert document["meta"]["licence"] == "OGL-Canada-2.0"
    assert len(document["items"]) == 4
    assert set(document["items"][0]) == set(CONTRIBUTIONS.keys)
    workbook = load_workbook(files[("contributions", "xlsx")], read_only=True)
    values = list(workbook.active.values)
    workbook.close()
    assert list(values[0]) == CONTRIBUTIONS.headers
    assert len(values) == 5


def test_frictionless_validates_the_data_package(corpus, django_capture_on_commit_callbacks):
    """The datapackage.json (schema, enums, checksums, licence) validates without errors."""
    frictionless = pytest.importorskip("frictionless")
    version = publish(corpus["process"], "contributions", django_capture_on_commit_callbacks)
    package_path = files_of(version)[("package", "datapackage")]
    package = json.loads(package_path.read_text("utf-8"))
    assert package["licenses"][0]["name"] == "OGL-Canada-2.0"
    report = frictionless.validate(str(package_path))
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])


def test_frictionless_catches_a_tampered_file(corpus, django_capture_on_commit_callbacks):
    """The checksums are real: changing a published file makes validation fail."""
    frictionless = pytest.importorskip("frictionless")
    version = publish(corpus["process"], "contributions", django_capture_on_commit_callbacks)
    files = files_of(version)
    with files[("contributions", "csv")].open("a", encoding="utf-8") as handle:
        handle.write("999,x,planning,,web,process,,,idea,en,2018-01-01T00:00:00Z,,,,,1,,,,,,,,,,\n")
    report = frictionless.validate(str(files[("package", "datapackage")]))
    assert not report.valid


def test_commitments_and_results_are_published_the_same_way(
    corpus, django_capture_on_commit_callbacks
):
    from tests.commitments.factories import make_milestone

    process = corpus["process"]
    make_milestone(process.commitments.get(identifier="c1"))
    frictionless = pytest.importorskip("frictionless")
    version = publish(process, "commitments", django_capture_on_commit_callbacks)
    files = files_of(version)
    assert ("commitments", "csv") in files and ("milestones", "csv") in files
    assert version.row_count == 3
    assert frictionless.validate(str(files[("package", "datapackage")])).valid
    results = publish(process, "questionnaire_results", django_capture_on_commit_callbacks)
    assert results.status == DataSetStatus.PUBLISHED
    assert frictionless.validate(str(files_of(results)[("package", "datapackage")])).valid


def test_versions_are_numbered_and_published_ones_never_change(
    corpus, django_capture_on_commit_callbacks
):
    process = corpus["process"]
    first = publish(process, "contributions", django_capture_on_commit_callbacks)
    checksum = first.files.get(format="csv").sha256
    second = publish(process, "contributions", django_capture_on_commit_callbacks)
    assert (first.number, second.number) == (1, 2)
    # Building a published version again does nothing.
    services.dataset_version_build(version_id=first.pk)
    assert first.files.get(format="csv").sha256 == checksum
    with pytest.raises(ValidationError):
        services._transition(first, DataSetStatus.FAILED)


def test_one_build_at_a_time(corpus):
    services.dataset_version_request(process=corpus["process"], kind="contributions")
    with pytest.raises(ValidationError, match="already being built"):
        services.dataset_version_request(process=corpus["process"], kind="contributions")


def test_unknown_kind_is_refused(corpus):
    with pytest.raises(ValidationError):
        services.dataset_version_request(process=corpus["process"], kind="everything")
    assert not DataSetVersion.objects.exists()


def test_a_failed_build_publishes_nothing(
    corpus, monkeypatch, django_capture_on_commit_callbacks, media
):
    from contextlib import contextmanager

    def broken():
        yield from ()
        raise RuntimeError("database went away")

    @contextmanager
    def broken_sources(name, process):
        # The CSV lines fail as well: on PostgreSQL they come apart from the rows (COPY).
        yield broken(), broken()

    monkeypatch.setattr(services, "table_sources", broken_sources)
    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_version_request(process=corpus["process"], kind="contributions")
    version = DataSetVersion.objects.get()
    assert version.status == DataSetStatus.FAILED
    assert not version.files.exists()
    assert not any(Path(media).rglob("*.csv"))
