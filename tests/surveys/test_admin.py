import pytest

from coplan.surveys.models import Question, Questionnaire
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_administrators_build_questionnaires_in_both_languages(client, administrator, analyst):
    opportunity = OpportunityFactory(kind="questionnaire")
    client.force_login(analyst)
    assert client.get("/en/admin/surveys/questionnaire/add/").status_code == 403
    client.force_login(administrator)
    assert client.get("/en/admin/surveys/questionnaire/add/").status_code == 200
    data = {
        "opportunity": opportunity.pk,
        "slug": "priorities",
        "title_en": "Priorities",
        "title_fr": "",
        "one_response_per_person": "on",
        "results_visibility": "public",
        "position": "0",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-kind": "rating",
        "questions-0-text_en": "Rate us",
        "questions-0-text_fr": "Notez-nous",
    }
    response = client.post("/en/admin/surveys/questionnaire/add/", data)
    assert response.status_code == 200 and Questionnaire.objects.count() == 0  # French title
    data["title_fr"] = "Priorités"
    response = client.post("/en/admin/surveys/questionnaire/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Question.objects.get().text_fr == "Notez-nous"


def test_a_bad_rating_scale_is_refused(client, administrator):
    from tests.surveys.factories import questionnaire_with_every_kind

    questionnaire = questionnaire_with_every_kind()
    rating = questionnaire.questions.get(kind="rating")
    client.force_login(administrator)
    url = f"/en/admin/surveys/question/{rating.pk}/change/"
    data = {
        "questionnaire": questionnaire.pk,
        "position": rating.position,
        "kind": "rating",
        "text_en": "Rate",
        "text_fr": "Notez",
        "scale_min": "5",
        "scale_max": "3",
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "rating scale must go up" in response.content.decode()
