"""The entries of a process's Atom feed (opendata.feeds): only what is public (opportunities
announced are not yet, draft plans and data sets still building never), newest first, titled in
the reader's language, at most FEED_ITEMS."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from coplan.opendata import feeds
from coplan.opendata.feeds import feed_entries
from coplan.opendata.models import DataSetVersion
from tests.commitments.factories import make_commitment, make_milestone
from tests.notifications.helpers import _report
from tests.plans.factories import draft_version, published_review
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_only_public_things_are_in_the_feed_newest_first(process):
    now = timezone.now()
    phase = process.phases.get(kind="development")
    opened = OpportunityFactory(
        phase=phase, slug="open", status="open", opens_at=now - datetime.timedelta(days=3)
    )
    OpportunityFactory(phase=phase, slug="soon", status="announced")
    review = published_review(process)
    draft_version(ProcessFactory())
    DataSetVersion.objects.create(
        process=process, kind="contributions", number=1, status="building"
    )
    published = DataSetVersion.objects.create(
        process=process,
        kind="contributions",
        number=2,
        status="published",
        published_at=now - datetime.timedelta(days=1),
        row_count=12,
    )
    update = _report(make_milestone(make_commitment(process, identifier="C-01")))
    keys = [entry.key for entry in feed_entries(process)]
    assert sorted(keys) == sorted(
        [
            f"opportunity-{opened.pk}",
            f"plan-version-{review.pk}",
            f"dataset-{published.pk}",
            f"progress-{update.pk}",
        ]
    )
    whens = [entry.when for entry in feed_entries(process)]
    assert whens == sorted(whens, reverse=True)
    assert feed_entries(ProcessFactory()) == []


def test_titles_are_in_the_readers_language(process):
    OpportunityFactory(phase=process.phases.get(kind="development"), title_fr="Vos idées")
    with translation.override("fr"):
        (entry,) = feed_entries(process)
    assert entry.title == "Occasion de participation\u00a0: Vos idées"


def test_the_feed_keeps_the_newest_entries_only(process, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_ITEMS", 2)
    phase = process.phases.get(kind="development")
    now = timezone.now()
    made = [
        OpportunityFactory(phase=phase, opens_at=now - datetime.timedelta(days=n)) for n in range(4)
    ]
    assert [entry.key for entry in feed_entries(process)] == [
        f"opportunity-{made[0].pk}",
        f"opportunity-{made[1].pk}",
    ]
