"""Reads of the open data pages (opendata.selectors): only published, consented contributions;
only published versions of a data set, the newest of each kind first; unknown addresses 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from coplan.contributions.models import ModerationState
from coplan.opendata.models import DataSetFile, DataSetVersion
from coplan.opendata.selectors import (
    latest_by_kind,
    public_contribution_count,
    public_contributions,
    public_contributions_by_key,
    published_file,
    published_version,
    published_versions,
)
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def _version(process, kind="contributions", number=1, status="published") -> DataSetVersion:
    return DataSetVersion.objects.create(process=process, kind=kind, number=number, status=status)


def _file(version: DataSetVersion, resource: str = "contributions", fmt: str = "csv"):
    name = f"{version.process.slug}-{version.kind}-v{version.number}-{resource}.{fmt}"
    return DataSetFile.objects.create(
        version=version,
        resource=resource,
        format=fmt,
        path=f"opendata/{version.pk}/{name}",
        sha256="0" * 64,
        size=10,
    )


def test_only_published_consented_contributions_are_public(open_ideas):
    shown = ContributionFactory(opportunity=open_ideas)
    ContributionFactory(opportunity=open_ideas, consent_to_publish=False)
    ContributionFactory(opportunity=open_ideas, moderation_state=ModerationState.PENDING)
    ContributionFactory(opportunity=open_ideas, moderation_state=ModerationState.REJECTED)
    assert list(public_contributions()) == [shown]
    assert list(public_contributions_by_key().order_by("pk")) == [shown]
    assert public_contribution_count(open_ideas.phase.process) == 1
    assert public_contribution_count(ProcessFactory()) == 0


def test_the_newest_published_version_of_each_kind_in_the_kinds_order(process):
    _version(process, "commitments", 1)
    old = _version(process, "contributions", 1)
    new = _version(process, "contributions", 2)
    _version(process, "contributions", 3, status="building")
    _version(process, "contributions", 4, status="failed")
    commitments = _version(process, "commitments", 2)
    _version(ProcessFactory(), "questionnaire_results", 1)
    assert latest_by_kind(process) == [new, commitments]
    assert old in published_versions(process)


def test_a_version_and_its_files_are_found_only_when_published(process):
    published = _version(process, number=1)
    building = _version(process, number=2, status="building")
    csv_file = _file(published)
    _file(building)
    found = published_version(process.slug, "contributions", 1)
    assert found == published and list(found.files.all()) == [csv_file]
    assert published_file(process.slug, "contributions", 1, csv_file.path.rsplit("/")[-1])
    for address in (
        (process.slug, "contributions", 2),
        (process.slug, "contributions", 9),
        (process.slug, "no-such-kind", 1),
        ("no-such-process", "contributions", 1),
    ):
        with pytest.raises(Http404):
            published_version(*address)
    building_name = building.files.get().path.rsplit("/")[-1]
    with pytest.raises(Http404):
        published_file(process.slug, "contributions", 2, building_name)
    with pytest.raises(Http404):
        published_file(process.slug, "contributions", 1, "other.csv")
