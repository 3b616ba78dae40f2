"""`contribution_submit`, the one way a contribution enters the corpus: every field's problem
at once, replies only to published comments of the same consultation, a replay returning what
was stored, the masked copy kept only when something was masked."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.contributions.models import Contribution, ContributorContact
from coplan.contributions.services import contribution_submit
from coplan.contributions.services.submission import redacted_or_blank
from tests.contributions.factories import ContributionFactory, comment_on
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _submit(opportunity, **kwargs):
    values = {
        "process": opportunity.phase.process,
        "opportunity": opportunity,
        "kind": "idea",
        "title": "Open contracts",
        "text": "Publish every contract as open data.",
        "consent_to_publish": True,
    }
    return contribution_submit(**{**values, **kwargs})


def test_a_contribution_is_stored_pending_with_its_contact_apart(open_ideas):
    stored = _submit(open_ideas, contact_name=" Jean ", contact_email="jean@example.org")
    assert stored.moderation_state == "pending" and stored.phase == open_ideas.phase
    assert stored.language == "en"
    contact = ContributorContact.objects.get(contribution=stored)
    assert (contact.name, contact.email) == ("Jean", "jean@example.org")


def test_every_field_s_problem_is_told_at_once_and_nothing_stored(open_ideas):
    with pytest.raises(ValidationError) as refused:
        _submit(open_ideas, title="", text="a\x00b", contact_email="nope")
    assert set(refused.value.message_dict) == {"title", "text", "contact_email"}
    assert not Contribution.objects.exists()


def test_a_web_idea_needs_a_title_an_imported_one_does_not(open_ideas):
    with pytest.raises(ValidationError, match="cannot be empty"):
        _submit(open_ideas, title="  ")
    stored = _submit(open_ideas, title="", channel="email")
    assert stored.title == ""


def test_a_replay_returns_what_was_stored(open_ideas):
    first = _submit(open_ideas, channel="email", external_ref=" msg-1 ")
    again = _submit(open_ideas, channel="email", external_ref="msg-1", text="Changed text.")
    assert again == first and Contribution.objects.count() == 1
    assert Contribution.objects.get().text == "Publish every contract as open data."
    other_channel = _submit(open_ideas, channel="social", external_ref="msg-1")
    assert other_channel != first


def test_a_reply_answers_a_published_comment_of_the_same_consultation(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    comment = comment_on(idea)
    reply = _submit(open_ideas, kind="reply", title="", text="Agreed.", parent=comment)
    assert (reply.target_type_id, reply.target_id) == (comment.target_type_id, idea.pk)
    refusals = [
        ({"kind": "reply"}, "A reply must answer a comment."),
        ({"kind": "comment", "parent": comment}, "Only a reply can answer a comment."),
        ({"kind": "reply", "parent": reply}, "not another reply"),
        (
            {"kind": "reply", "parent": comment_on(idea, state="hidden")},
            "no longer available for replies",
        ),
    ]
    for kwargs, message in refusals:
        with pytest.raises(ValidationError, match=message):
            _submit(open_ideas, title="", text="Agreed.", **kwargs)


def test_a_place_of_another_consultation_is_refused_in_both_languages(open_ideas):
    elsewhere = OpportunityFactory()
    with pytest.raises(ValidationError, match="belongs to another consultation"):
        contribution_submit(
            process=open_ideas.phase.process,
            opportunity=elsewhere,
            kind="idea",
            title="Open contracts",
            text="Publish every contract.",
            consent_to_publish=True,
        )
    other_comment = comment_on(ContributionFactory(opportunity=elsewhere))
    with translation.override("fr"), pytest.raises(ValidationError, match="autre consultation"):
        _submit(open_ideas, kind="reply", title="", text="Oui.", parent=other_comment)


def test_page_feedback_needs_an_answer_or_a_comment(process):
    values = {"process": process, "opportunity": None, "kind": "page_feedback"}
    with pytest.raises(ValidationError, match="Tell us whether the page was useful"):
        contribution_submit(**values, text="", consent_to_publish=False, page_url="/en/")
    stored = contribution_submit(
        **values, text="", consent_to_publish=False, page_url="/en/", page_useful=True
    )
    assert (stored.page_useful, stored.text, stored.moderation_state) == (True, "", "pending")


def test_the_language_follows_the_page_the_person_wrote_on(open_ideas):
    with translation.override("fr"):
        stored = _submit(open_ideas, title="Idée", text="Ok.")
    assert stored.language == "fr"
    assert _submit(open_ideas, language="en", title="Idée", text="Ok.").language == "en"


def test_the_masked_copy_is_kept_only_when_something_was_masked():
    assert redacted_or_blank("Publish the data.", "en") == ""
    masked = redacted_or_blank("My SIN is 046 454 286.", "en")
    assert masked and "046 454 286" not in masked
