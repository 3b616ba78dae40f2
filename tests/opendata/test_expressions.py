"""The database expressions of the open data columns (opendata.expressions): a timestamp as ISO
8601 text in UTC whatever the site's zone, and the masked text when there is one. Run on
SQLite, and on PostgreSQL with DATABASE_URL set."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from coplan.contributions.models import Contribution
from coplan.opendata.expressions import UtcText, shown
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_a_timestamp_is_written_in_utc_to_the_second(open_ideas):
    halifax = zoneinfo.ZoneInfo("America/Halifax")
    received = datetime.datetime(2018, 1, 31, 10, 5, 9, 123456, tzinfo=halifax)
    contribution = ContributionFactory(opportunity=open_ideas, received_at=received)
    text = (
        Contribution.objects.filter(pk=contribution.pk)
        .annotate(when=UtcText("received_at"))
        .values_list("when", flat=True)
        .get()
    )
    assert text == "2018-01-31T14:05:09Z"


def test_the_masked_text_is_shown_when_there_is_one(open_ideas):
    masked = ContributionFactory(
        opportunity=open_ideas, text="Call 613-555-0147", redacted_text="Call [phone]"
    )
    plain = ContributionFactory(opportunity=open_ideas, text="Nothing to mask", redacted_text="")
    texts = dict(
        Contribution.objects.filter(pk__in=[masked.pk, plain.pk])
        .annotate(public=shown("redacted_text", "text"))
        .values_list("pk", "public")
    )
    assert texts == {masked.pk: "Call [phone]", plain.pk: "Nothing to mask"}
