"""A questionnaire's own rules (surveys.models): a rating scale that goes up within its bounds,
"Other" only where a choice is made, whether it takes responses at a given time, and who sees
its results."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coplan.surveys.models import RATING_MAX_HIGHEST, Question, Questionnaire
from tests.processes.factories import OpportunityFactory


def _errors(language: str = "en", **fields) -> dict[str, list[str]]:
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            Question(**fields).clean()
        return error.value.message_dict


@pytest.mark.parametrize("low,high", [(0, 10), (1, 5)])
def test_a_rating_scale_within_its_bounds_is_accepted(low, high):
    Question(kind="rating", scale_min=low, scale_max=high).clean()


@pytest.mark.parametrize("low,high", [(5, 5), (6, 2), (-1, 5), (0, RATING_MAX_HIGHEST + 1)])
def test_a_rating_scale_that_does_not_go_up_within_bounds_is_refused(low, high):
    errors = _errors(kind="rating", scale_min=low, scale_max=high)
    assert errors["scale_max"] == ["The rating scale must go up from 0 to at most 10."]


def test_other_is_offered_only_by_single_and_multiple_choice_said_in_french():
    Question(kind="multiple", allows_other=True).clean()
    errors = _errors("fr", kind="ranking", allows_other=True)
    assert errors["allows_other"][0].startswith("Seules les questions à choix unique ou multiples")


def test_a_questions_kind_and_form_field():
    assert Question(pk=12, kind="single").field_name == "q12"
    assert Question(kind="ranking").is_choice and not Question(kind="ranking").is_text
    assert Question(kind="long_text").is_text and not Question(kind="province").is_choice


@pytest.mark.django_db
def test_a_questionnaire_takes_responses_while_its_opportunity_does_and_before_it_closes():
    now = timezone.now()
    opportunity = OpportunityFactory(kind="questionnaire", status="open")
    questionnaire = Questionnaire(opportunity=opportunity, slug="q", title_en="Q")
    assert questionnaire.is_open(now)
    questionnaire.closes_at = now
    assert not questionnaire.is_open(now)
    assert questionnaire.is_open(now - datetime.timedelta(minutes=1))
    opportunity.status = "closed"
    assert not Questionnaire(opportunity=opportunity, slug="q").is_open(now)


def test_results_are_public_only_when_staff_say_so():
    visibilities = [value for value, _label in Questionnaire.ResultsVisibility.choices]
    public = [v for v in visibilities if Questionnaire(results_visibility=v).results_are_public]
    assert public == [Questionnaire.ResultsVisibility.PUBLIC]
