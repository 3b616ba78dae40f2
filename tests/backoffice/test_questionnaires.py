"""The questionnaire builder: a questionnaire on an opportunity, questions in order with their
choices in both languages; bad input refused with nothing saved; once people have answered only
texts change; an opportunity does not open on a questionnaire without questions."""

from __future__ import annotations

import pytest

from coplan.processes.models import Opportunity
from coplan.surveys.models import Choice, Question, Questionnaire, Response
from tests.processes.factories import OpportunityFactory, ProcessFactory


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def opportunity(db):
    process = ProcessFactory()
    return OpportunityFactory(
        phase=process.phases.get(kind="planning"), kind="questionnaire", status="announced"
    )


def _base(opportunity) -> str:
    return f"/en/staff/processes/{opportunity.phase.process.slug}/questionnaires/"


def _questionnaire_post(opportunity, **overrides) -> dict:
    data = {
        "opportunity": opportunity.pk,
        "slug": "priorities",
        "title_en": "Your priorities",
        "title_fr": "Vos priorités",
        "introduction_en": "",
        "introduction_fr": "",
        "thank_you_en": "",
        "thank_you_fr": "",
        "one_response_per_person": "on",
        "results_visibility": "public",
        "closes_at": "",
    }
    return data | overrides


def _question_post(choices=(("Open data", "Données ouvertes"), ("Budget", "Budget")), **kw):
    data = {
        "text_en": "Which topic matters most?",
        "text_fr": "Quel sujet compte le plus?",
        "kind": "single",
        "required": "on",
        "scale_min": "1",
        "scale_max": "5",
    }
    for number, (english, french) in enumerate(choices, 1):
        data[f"choice-{number}-label_en"] = english
        data[f"choice-{number}-label_fr"] = french
    return data | kw


def test_a_questionnaire_is_built_question_by_question(staff_client, opportunity):
    """Created on its opportunity; a single-choice question with two choices, in order."""
    response = staff_client.post(f"{_base(opportunity)}new/", _questionnaire_post(opportunity))
    questionnaire = Questionnaire.objects.get(opportunity=opportunity)
    assert response["Location"] == f"{_base(opportunity)}{questionnaire.pk}/"
    page = staff_client.get(response["Location"]).content.decode()
    assert "a questionnaire cannot open without one" in page
    assert f"/fr/questionnaires/{questionnaire.pk}/" in page  # the French preview
    response = staff_client.post(
        f"{_base(opportunity)}{questionnaire.pk}/questions/new/", _question_post()
    )
    assert response.status_code == 302
    question = Question.objects.get(questionnaire=questionnaire)
    assert (question.position, question.text_fr) == (1, "Quel sujet compte le plus?")
    assert list(question.choices.values_list("position", "label_en", "label_fr")) == [
        (1, "Open data", "Données ouvertes"),
        (2, "Budget", "Budget"),
    ]


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (
            _question_post(choices=(("Open data", ""), ("Budget", "Budget"))),
            "Choice 1 needs its text in English and in French",
        ),
        (_question_post(choices=(("Open data", "Données ouvertes"),)), "at least 2 choices"),
        (_question_post(kind="short_text"), "Only single, multiple choice and ranking"),
        (_question_post(text_fr=""), "Question in French: This field is required."),
    ],
)
def test_a_bad_question_is_refused_and_nothing_is_saved(staff_client, opportunity, post, message):
    """A 400 with the error summary; no question, no choice."""
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity, slug="q", title_en="Q", title_fr="Q"
    )
    response = staff_client.post(f"{_base(opportunity)}{questionnaire.pk}/questions/new/", post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists() and not Choice.objects.exists()


def test_after_the_first_answers_only_texts_change(staff_client, opportunity):
    """A new question or a removed choice is refused; a corrected text is saved."""
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity, slug="q", title_en="Q", title_fr="Q"
    )
    staff_client.post(f"{_base(opportunity)}{questionnaire.pk}/questions/new/", _question_post())
    question = Question.objects.get()
    Response.objects.create(questionnaire=questionnaire)
    url = f"{_base(opportunity)}{questionnaire.pk}/questions/"
    refused = staff_client.post(f"{url}new/", _question_post())
    assert refused.status_code == 400 and "People have answered" in refused.content.decode()
    one_choice = _question_post(choices=(("Open data", "Données ouvertes"), ("", "")))
    assert staff_client.post(f"{url}{question.pk}/", one_choice).status_code == 400
    corrected = _question_post(text_en="Which topic matters most to you?")
    assert staff_client.post(f"{url}{question.pk}/", corrected).status_code == 302
    assert Question.objects.get().text_en == "Which topic matters most to you?"
    assert Choice.objects.count() == 2


def test_an_opportunity_does_not_open_on_an_empty_questionnaire(staff_client, opportunity):
    """Open now is refused while its questionnaire has no question, then works."""
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity, slug="q", title_en="Empty", title_fr="Vide"
    )
    slug = opportunity.phase.process.slug
    open_url = f"/en/staff/processes/{slug}/opportunities/{opportunity.pk}/open/"
    page = staff_client.post(open_url, follow=True).content.decode()
    assert "has no question yet" in page
    assert Opportunity.objects.get(pk=opportunity.pk).status == "announced"
    staff_client.post(f"{_base(opportunity)}{questionnaire.pk}/questions/new/", _question_post())
    staff_client.post(open_url)
    assert Opportunity.objects.get(pk=opportunity.pk).status == "open"


def _three_questions(staff_client, opportunity) -> tuple[Questionnaire, list[Question]]:
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity, slug="q", title_en="Q", title_fr="Q"
    )
    for text in ("First", "Second", "Third"):
        staff_client.post(
            f"{_base(opportunity)}{questionnaire.pk}/questions/new/",
            _question_post(text_en=text, text_fr=f"{text} (fr)"),
        )
    return questionnaire, list(questionnaire.questions.order_by("position"))


def _order(questionnaire) -> list[str]:
    return list(questionnaire.questions.order_by("position").values_list("text_en", flat=True))


def test_questions_move_up_and_down_with_plain_buttons(staff_client, opportunity):
    questionnaire, (first, second, third) = _three_questions(staff_client, opportunity)
    url = f"{_base(opportunity)}{questionnaire.pk}/questions/"
    page = staff_client.get(f"{_base(opportunity)}{questionnaire.pk}/").content.decode()
    assert page.count('name="direction" value="up"') == 2  # not on the first
    response = staff_client.post(f"{url}{third.pk}/move/", {"direction": "up"})
    assert response["Location"] == f"{_base(opportunity)}{questionnaire.pk}/"
    assert _order(questionnaire) == ["First", "Third", "Second"]
    staff_client.post(f"{url}{first.pk}/move/", {"direction": "down"})
    assert _order(questionnaire) == ["Third", "First", "Second"]
    # At the end already: it stays; an unknown direction changes nothing.
    staff_client.post(f"{url}{second.pk}/move/", {"direction": "down"})
    staff_client.post(f"{url}{second.pk}/move/", {"direction": "sideways"})
    assert _order(questionnaire) == ["Third", "First", "Second"]
    assert list(
        questionnaire.questions.order_by("position").values_list("position", flat=True)
    ) == [1, 2, 3]


def test_a_question_is_copied_with_its_choices_right_after_it(staff_client, opportunity):
    questionnaire, (first, _second, _third) = _three_questions(staff_client, opportunity)
    staff_client.post(f"{_base(opportunity)}{questionnaire.pk}/questions/{first.pk}/copy/")
    assert _order(questionnaire) == ["First", "First", "Second", "Third"]
    copy = questionnaire.questions.get(position=2)
    assert copy.pk != first.pk and copy.text_fr == "First (fr)" and copy.kind == "single"
    assert list(copy.choices.values_list("position", "label_fr")) == [
        (1, "Données ouvertes"),
        (2, "Budget"),
    ]


def test_a_question_is_deleted_until_people_answer(staff_client, opportunity):
    questionnaire, (first, second, third) = _three_questions(staff_client, opportunity)
    url = f"{_base(opportunity)}{questionnaire.pk}/questions/"
    assert staff_client.get(f"{url}{first.pk}/delete/").status_code == 200
    response = staff_client.post(f"{url}{first.pk}/delete/")
    assert response.status_code == 302
    assert _order(questionnaire) == ["Second", "Third"]
    assert questionnaire.questions.get(pk=second.pk).position == 1
    assert not Choice.objects.filter(question_id=first.pk).exists()

    Response.objects.create(questionnaire=questionnaire)
    response = staff_client.post(
        f"/fr/staff/processes/{opportunity.phase.process.slug}/questionnaires/{questionnaire.pk}/questions/{second.pk}/delete/"
    )
    assert response.status_code == 400
    assert "ne peuvent plus être supprimées" in response.content.decode()
    assert _order(questionnaire) == ["Second", "Third"]
    # Nor copied: that would add a question.
    page = staff_client.post(f"{url}{third.pk}/copy/", follow=True).content.decode()
    assert "People have answered" in page and _order(questionnaire) == ["Second", "Third"]


def test_a_questionnaire_is_copied_from_a_past_process(staff_client, opportunity):
    past, _questions = _three_questions(staff_client, opportunity)
    past.closes_at = "2020-01-01T00:00Z"
    past.save()
    later = ProcessFactory(slug="plan-6")
    target = OpportunityFactory(phase=later.phases.get(kind="planning"), kind="questionnaire")
    Questionnaire.objects.create(opportunity=target, slug="q", title_en="Taken", title_fr="Pris")
    base = "/en/staff/processes/plan-6/questionnaires/"
    assert f"{_base(opportunity)}" not in base
    form = staff_client.get(f"{base}copy/").content.decode()
    assert opportunity.phase.process.title in form
    response = staff_client.post(f"{base}copy/", {"source": past.pk, "opportunity": target.pk})
    copy = Questionnaire.objects.get(opportunity=target, slug="q-2")
    assert response["Location"] == f"{base}{copy.pk}/"
    assert (copy.title_fr, copy.closes_at, copy.one_response_per_person) == (
        "Q",
        None,
        past.one_response_per_person,
    )
    assert _order(copy) == ["First", "Second", "Third"]
    assert Choice.objects.filter(question__questionnaire=copy).count() == 6
    # The past one is untouched.
    assert _order(past) == ["First", "Second", "Third"]


def test_a_copy_needs_an_opportunity_of_this_process(staff_client, opportunity):
    past, _questions = _three_questions(staff_client, opportunity)
    later = ProcessFactory(slug="plan-6")
    response = staff_client.post(
        "/en/staff/processes/plan-6/questionnaires/copy/",
        {"source": past.pk, "opportunity": opportunity.pk},
    )
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    assert not Questionnaire.objects.filter(opportunity__phase__process=later).exists()
