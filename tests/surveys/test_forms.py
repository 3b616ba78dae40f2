"""The answer form: each kind of question gives its normalised answer, or its error beside it;
the review page reads the answers back as text."""

import pytest
from django.utils import translation

from coplan.surveys.forms import QuestionnaireForm, describe_answers
from coplan.surveys.selectors import questions_with_choices
from tests.surveys.factories import choice, question, questionnaire_with_every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire():
    return questionnaire_with_every_kind()


def _form(questionnaire, data: dict) -> QuestionnaireForm:
    return QuestionnaireForm(data, questions=questions_with_choices(questionnaire))


def _name(q, kind: str) -> str:
    return question(q, kind).field_name


def _rank(q, label: str) -> str:
    return f"{_name(q, 'ranking')}_c{choice(q, 'ranking', label).pk}"


def test_every_kind_gives_its_normalised_answer(questionnaire):
    q = questionnaire
    form = _form(
        q,
        {
            _name(q, "single"): str(choice(q, "single", "Blue").pk),
            _name(q, "multiple"): [str(choice(q, "multiple", "Bob").pk), "other"],
            f"{_name(q, 'multiple')}_other": "Dee",
            _rank(q, "Data"): "2",
            _rank(q, "Access"): "1",
            _name(q, "rating"): "4",
            _name(q, "yes_no"): "yes",
            _name(q, "short_text"): "  Open  ",
            _name(q, "province"): "NS",
        },
    )
    assert form.is_valid(), form.errors
    answers = {question(q, kind).pk: kind for kind in ("single", "multiple", "ranking")}
    by_kind = {answers.get(pk, pk): answer for pk, answer in form.cleaned_answers.items()}
    assert by_kind["single"] == {"choice": choice(q, "single", "Blue").pk}
    assert by_kind["multiple"] == {"choices": [choice(q, "multiple", "Bob").pk], "other": "Dee"}
    assert by_kind["ranking"] == {
        "ranks": {choice(q, "ranking", "Data").pk: 2, choice(q, "ranking", "Access").pk: 1}
    }
    assert form.cleaned_answers[question(q, "rating").pk] == {"number": 4}
    assert form.cleaned_answers[question(q, "yes_no").pk] == {"boolean": True}
    assert form.cleaned_answers[question(q, "short_text").pk] == {"text": "Open"}
    assert form.cleaned_answers[question(q, "province").pk] == {"code": "NS"}
    assert question(q, "long_text").pk not in form.cleaned_answers  # not answered


def test_a_required_question_left_unanswered_is_an_error_beside_it(questionnaire):
    form = _form(questionnaire, {})
    assert not form.is_valid()
    assert form.errors[_name(questionnaire, "single")] == ["Please answer this question."]


def test_other_text_without_other_chosen_and_other_chosen_without_text(questionnaire):
    q = questionnaire
    blue = str(choice(q, "single", "Blue").pk)
    form = _form(q, {_name(q, "single"): blue, f"{_name(q, 'single')}_other": "Green"})
    assert not form.is_valid()
    assert "Choose “Other”" in str(form.errors[_name(q, "single")])
    form = _form(q, {_name(q, "single"): "other"})
    assert not form.is_valid()
    assert "please say what it is" in str(form.errors[_name(q, "single")])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"Data": "1", "Access": "1"}, "1 given more than once"),
        ({"Data": "1", "Access": "3"}, "without gaps"),
    ],
)
def test_ranks_repeated_or_with_gaps_are_refused(questionnaire, data, message):
    q = questionnaire
    blue = str(choice(q, "single", "Blue").pk)
    form = _form(q, {_name(q, "single"): blue, **{_rank(q, k): v for k, v in data.items()}})
    assert not form.is_valid()
    assert message in str(form.errors[_rank(q, "Data")])


def test_answers_read_back_for_review(questionnaire):
    q = questionnaire
    questions = questions_with_choices(q)
    answers = {
        question(q, "single").pk: {"other": "Green"},
        question(q, "multiple").pk: {"choices": [choice(q, "multiple", "Cy").pk], "other": ""},
        question(q, "ranking").pk: {
            "ranks": {choice(q, "ranking", "Science").pk: 2, choice(q, "ranking", "Data").pk: 1}
        },
        question(q, "rating").pk: {"number": 3},
        question(q, "yes_no").pk: {"boolean": False},
        question(q, "province").pk: {"code": "QC"},
        question(q, "long_text").pk: {"text": "More data."},
    }
    with translation.override("en"):
        described = {item.kind: values for item, values in describe_answers(questions, answers)}
    assert described == {
        "single": ["Other: Green"],
        "multiple": ["Cy"],
        "ranking": ["1. Data", "2. Science"],
        "rating": ["3 on a scale of 1 to 5"],
        "yes_no": ["No"],
        "short_text": ["Not answered"],
        "long_text": ["More data."],
        "province": ["Quebec"],
    }
