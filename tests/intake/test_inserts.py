"""Bulk inserts of imported contributions (intake.inserts): the references the corpus already
holds, found as written or as retention left them, and one INSERT of many rows that reads back
as the ORM would have written it. Run on SQLite, and on PostgreSQL with DATABASE_URL set."""

from __future__ import annotations

import datetime

import pytest

from coplan.contributions.models import Contribution
from coplan.intake import inserts
from coplan.intake.inserts import fast_insert, refs_in_corpus
from coplan.privacy.deidentify import reference_digest
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_references_are_found_per_channel_and_after_retention(open_ideas, monkeypatch):
    mail = ContributionFactory(opportunity=open_ideas, channel="email", external_ref="msgid:a@x")
    digested = ContributionFactory(
        opportunity=open_ideas, channel="email", external_ref=reference_digest("msgid:b@x")
    )
    note = ContributionFactory(opportunity=open_ideas, channel="in_person", external_ref="n:1")
    ContributionFactory(opportunity=open_ideas, channel="web", external_ref="")
    # Small chunks: the lookup holds across chunk boundaries.
    monkeypatch.setattr(inserts, "CHUNK_SIZE", 2)
    found = refs_in_corpus("email", ["msgid:a@x", "msgid:b@x", "msgid:c@x", "", "n:1"])
    assert found == {"msgid:a@x": mail.pk, "msgid:b@x": digested.pk}
    assert refs_in_corpus("in_person", ["n:1", "msgid:a@x"]) == {"n:1": note.pk}
    # References of channels that name no one are never looked up as digests.
    assert refs_in_corpus("in_person", [reference_digest("n:1")]) == {}
    assert refs_in_corpus("email", []) == {}


def test_rows_inserted_at_once_read_back_with_the_models_defaults(process):
    received = datetime.datetime(2018, 1, 31, 14, 5, 9, tzinfo=datetime.UTC)
    rows = [
        {
            "process_id": process.pk,
            "kind": "idea",
            "channel": "social",
            "text": f"Post {n}",
            "external_ref": f"twitter:{n}",
            "received_at": received,
            "provenance": {"platform": "twitter", "row": n},
        }
        for n in range(3)
    ]
    fast_insert(Contribution, rows)
    fast_insert(Contribution, [])
    stored = list(Contribution.objects.order_by("external_ref"))
    assert [c.text for c in stored] == ["Post 0", "Post 1", "Post 2"]
    first = stored[0]
    assert first.received_at == received and first.provenance == {"platform": "twitter", "row": 0}
    default = Contribution._meta.get_field("moderation_state").get_default()
    assert first.moderation_state == default and first.consent_to_publish is False
    assert first.title == "" and first.parent_id is None
