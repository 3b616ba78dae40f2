"""What the commitments views share: each loader finds an object only under the process and
commitment its address names (else 404); errors as text; the compared fields' labels in the
reader's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from coplan.commitments.models import CommitmentActor
from coplan.commitments.views.common import (
    diff_labels,
    error_text,
    load_actor,
    load_commitment,
    load_milestone,
)
from tests.accounts.factories import OrganisationFactory
from tests.commitments.factories import make_commitment, make_milestone
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_each_object_is_found_only_under_the_address_that_names_it(process):
    commitment = make_commitment(process, identifier="C-01")
    other = make_commitment(ProcessFactory(), identifier="C-01")
    milestone = make_milestone(other)
    actor = CommitmentActor.objects.create(
        commitment=other, organisation=OrganisationFactory(), kind="lead", status="confirmed"
    )
    assert load_commitment(process.slug, "C-01") == commitment
    slug = other.process.slug
    assert load_milestone(slug, "C-01", milestone.pk) == milestone
    assert load_actor(slug, "C-01", actor.pk) == actor
    for load, args in (
        (load_commitment, (process.slug, "C-99")),
        (load_milestone, (process.slug, "C-01", milestone.pk)),
        (load_actor, (process.slug, "C-01", actor.pk)),
    ):
        with pytest.raises(Http404):
            load(*args)


def test_an_error_reads_as_plain_text():
    assert error_text(ValidationError(["First.", "Second."])) == "First. Second."
    assert error_text(PermissionError("No.")) == "No."


def test_the_compared_fields_are_labelled_in_the_reader_s_language():
    labels = dict(diff_labels())
    assert labels["title_en"] == "Title (English)"
    assert set(labels) >= {"ogp_values", "themes", "dates", "contact_email", "milestones_fr"}
    with translation.override("fr"):
        french = dict(diff_labels())
    assert french["problem_fr"] == "Problème à résoudre (français)"
