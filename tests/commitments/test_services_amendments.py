"""Amendments: a proposal is a contribution of the co-drafting call, stored once per form, never
the current text again, for a part of the template; accepting applies the masked text as a
version that credits it; a decision is made once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.commitments.models import Amendment, Commitment
from coplan.commitments.services import amendment_accept, amendment_decline, amendment_propose
from tests.commitments.factories import make_commitment
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _propose(commitment, author, **kwargs):
    values = {
        "field": "problem",
        "language": "en",
        "replacement": "A clearer problem.",
        "reason": "Easier to read.",
    }
    return amendment_propose(commitment=commitment, author=author, **{**values, **kwargs})


def test_a_proposal_answers_the_co_drafting_call_and_is_stored_once(process, user):
    call = OpportunityFactory(phase=process.phases.get(kind="drafting"), kind="codrafting")
    commitment = make_commitment(process)
    first = _propose(commitment, user, external_ref="token-1")
    again = _propose(commitment, user, external_ref="token-1")
    assert again == first and Amendment.objects.count() == 1
    contribution = first.contribution
    assert (contribution.opportunity, contribution.phase) == (call, call.phase)
    assert contribution.text == "A clearer problem.\n\nEasier to read."
    assert contribution.provenance == {"amendment": {"field": "problem", "language": "en"}}
    assert first.based_on_version == commitment.version_number


def test_the_current_text_again_is_refused_in_both_languages(process, user):
    commitment = make_commitment(process)
    with pytest.raises(ValidationError, match="same as the current text"):
        _propose(commitment, user, replacement=f"  {commitment.problem_en} ")
    with translation.override("fr"), pytest.raises(ValidationError, match="identique"):
        _propose(commitment, user, field="title", language="fr", replacement=commitment.title_fr)
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(("field", "language"), [("identifier", "en"), ("title", "de")])
def test_only_a_part_of_the_template_in_a_language_of_the_site(process, user, field, language):
    with pytest.raises(ValidationError, match="Choose a part of the template"):
        _propose(make_commitment(process), user, field=field, language=language)


def test_personal_information_is_masked_in_what_is_applied(process, user, forum_member):
    commitment = make_commitment(process)
    amendment = _propose(commitment, user, replacement="My SIN is 046 454 286, fix it.")
    assert amendment.redacted_replacement and "046 454 286" not in amendment.redacted_replacement
    version = amendment_accept(
        amendment=amendment, editor=forum_member, response_en="Yes.", response_fr="Oui."
    )
    stored = Commitment.objects.get(pk=commitment.pk)
    assert stored.problem_en == amendment.redacted_replacement
    assert version.amendment == amendment and version.number == stored.version_number
    assert (version.note_en, version.note_fr) == ("Amendment accepted.", "Amendement accepté.")


def test_a_decision_is_made_once_and_said_in_both_languages(process, user, forum_member):
    amendment = _propose(make_commitment(process), user)
    amendment_decline(
        amendment=amendment, editor=forum_member, response_en="No.", response_fr="Non."
    )
    assert (amendment.status, amendment.decided_by) == ("declined", forum_member)
    with pytest.raises(ValidationError, match="already decided"):
        amendment_accept(amendment=amendment, editor=forum_member, response_en="Y", response_fr="O")
    with translation.override("fr"), pytest.raises(ValidationError, match="Une décision a déjà"):
        amendment_decline(
            amendment=amendment, editor=forum_member, response_en="N", response_fr="N"
        )


def test_a_decision_needs_a_response_in_both_languages(process, user, forum_member):
    amendment = _propose(make_commitment(process), user)
    with pytest.raises(ValidationError):
        amendment_decline(
            amendment=amendment, editor=forum_member, response_en="No.", response_fr=""
        )
    amendment.refresh_from_db()
    assert amendment.status == "proposed"


def test_a_commitment_no_longer_editable_takes_no_accepted_text(process, user, forum_member):
    commitment = make_commitment(process)
    amendment = _propose(commitment, user)
    Commitment.objects.filter(pk=commitment.pk).update(status="final")
    amendment = Amendment.objects.get(pk=amendment.pk)
    with pytest.raises(ValidationError, match="can no longer be edited"):
        amendment_accept(amendment=amendment, editor=forum_member, response_en="Y", response_fr="O")
    amendment.refresh_from_db()
    assert amendment.status == "proposed"


def test_an_amendment_loaded_before_the_commitment_became_final_is_refused(
    process, user, forum_member
):
    amendment = _propose(make_commitment(process), user)
    stale = Amendment.objects.select_related("commitment").get(pk=amendment.pk)
    Commitment.objects.filter(pk=amendment.commitment_id).update(status="final")
    with pytest.raises(ValidationError, match="can no longer be edited"):
        amendment_accept(amendment=stale, editor=forum_member, response_en="Y", response_fr="O")
    assert Amendment.objects.get(pk=amendment.pk).status == "proposed"
