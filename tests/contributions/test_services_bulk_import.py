"""Imports of many rows: each row checked (a bad one named by its position, in the reader's
language), duplicates skipped whether stored before or repeated in the import, batches stored
one transaction each so that an import stopped by a bad row resumes where it stopped."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.contributions.models import Contribution, ContributorContact
from coplan.contributions.services import contributions_import_bulk
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2018, 1, 9, 14, tzinfo=datetime.UTC)


def _row(n: int, **extra) -> dict:
    return {
        "text": f"Publish the data sets, row {n}.",
        "external_ref": f"r{n}",
        "language": "en",
        **extra,
    }


def _import(process, rows, **kwargs):
    return contributions_import_bulk(rows=rows, process=process, channel="email", **kwargs)


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ({"kind": "poem"}, "Unknown kind of contribution."),
        ({"external_ref": "x" * 256}, "The external reference is too long."),
        ({"language": "de"}, "Unknown language."),
        ({"received_at": WHEN.replace(tzinfo=None)}, "must include a time zone"),
        ({"province": "ZZ"}, "Unknown province or territory."),
        ({"text": "   "}, "This field cannot be empty."),
        ({"contact_email": "not an address"}, "Enter a valid email address, or leave it empty."),
    ],
)
def test_a_bad_row_is_named_by_its_position(process, bad, problem):
    with pytest.raises(ValidationError, match=f"Row 2: .*{problem}"):
        _import(process, [_row(1), _row(2, **bad)])
    assert not Contribution.objects.exists()


def test_a_bad_row_is_named_in_french(process):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        _import(process, [_row(1, province="ZZ")])
    assert refused.value.messages == ["Ligne 1\xa0: Province ou territoire inconnu."]


def test_an_import_stopped_by_a_bad_row_resumes_where_it_stopped(process):
    rows = [_row(1), _row(2), _row(3), _row(4, language="de"), _row(5)]
    with pytest.raises(ValidationError, match="Row 4"):
        _import(process, rows, batch_size=2)
    assert sorted(Contribution.objects.values_list("external_ref", flat=True)) == ["r1", "r2"]
    rows[3] = _row(4)
    assert _import(process, rows, batch_size=2) == (3, 2)
    assert Contribution.objects.count() == 5


def test_duplicates_in_the_import_are_skipped_rows_without_a_reference_never(process):
    rows = [_row(1), _row(1), {"text": "No reference."}, {"text": "No reference."}]
    assert _import(process, rows) == (3, 1)
    assert _import(process, rows) == (2, 2)


def test_each_row_keeps_what_it_says_else_the_import_s_defaults(open_ideas):
    process = open_ideas.phase.process
    rows = [
        _row(1, received_at=WHEN, province="QC", kind="comment", consent_to_publish=True),
        _row(2, provenance={"file": "inbox.mbox"}),
    ]
    assert _import(process, rows, opportunity=open_ideas, kind="idea") == (2, 0)
    first, second = Contribution.objects.order_by("external_ref")
    assert (first.received_at, first.province, first.kind, first.consent_to_publish) == (
        WHEN,
        "QC",
        "comment",
        True,
    )
    assert (second.kind, second.consent_to_publish, second.provenance) == (
        "idea",
        False,
        {"file": "inbox.mbox"},
    )
    assert first.opportunity == open_ideas and first.channel == "email"


def test_a_contact_is_stored_once_even_when_the_import_runs_again(process):
    rows = [_row(1, contact_name="Jean", contact_email="jean@example.org"), _row(2)]
    _import(process, rows)
    _import(process, rows)
    contact = ContributorContact.objects.get()
    assert (contact.name, contact.email) == ("Jean", "jean@example.org")
    assert contact.contribution.external_ref == "r1"


def test_an_opportunity_of_another_consultation_is_refused(process):
    with pytest.raises(ValidationError, match="belongs to another consultation"):
        _import(process, [_row(1)], opportunity=OpportunityFactory())
    assert not Contribution.objects.exists()
