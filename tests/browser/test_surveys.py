"""Questionnaires in a real browser: answered in French with the keyboard only, results, axe."""

import pytest

from coplan.surveys.models import Answer, Response
from tests.browser.conftest import assert_accessible, screenshot
from tests.surveys.factories import choice, question, questionnaire_with_every_kind
from tests.surveys.helpers import import_ranks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def questionnaire():
    return questionnaire_with_every_kind()


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} was not reached with the keyboard")


def test_answer_in_french_with_the_keyboard_only(page, questionnaire):
    q = questionnaire
    page.goto(f"/fr/questionnaires/{q.pk}/")
    assert page.locator("h1").inner_text() == "Priorités"
    assert_accessible(page)
    screenshot(page, "surveys-answer-fr")

    # Sending without the required answer: the error summary, in French, then fix it.
    tab_to(page, "#review-answers")
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    assert "Veuillez répondre à cette question." in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    screenshot(page, "surveys-answer-errors-fr")

    single = question(q, "single").pk
    tab_to(page, f"#id_q{single}_0")
    page.keyboard.press("ArrowDown")  # moves to, and selects, "Bleu"
    multiple = question(q, "multiple").pk
    tab_to(page, f"#id_q{multiple}_0")
    page.keyboard.press("Space")  # Ann
    tab_to(page, f"#id_q{multiple}_3")
    page.keyboard.press("Space")  # Autre
    tab_to(page, f"#id_q{multiple}_other")
    page.keyboard.type("Dee")
    ranking = question(q, "ranking")
    tab_to(page, f"#id_q{ranking.pk}_c{choice(q, 'ranking', 'Access').pk}")
    page.keyboard.type("1")
    tab_to(page, f"#id_q{ranking.pk}_c{choice(q, 'ranking', 'Data').pk}")
    page.keyboard.type("2")
    rating = question(q, "rating").pk
    tab_to(page, f"#id_q{rating}_0")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # 4
    yes_no = question(q, "yes_no").pk
    tab_to(page, f"#id_q{yes_no}_0")
    page.keyboard.press("Space")  # Oui
    tab_to(page, f"#id_q{question(q, 'long_text').pk}")
    page.keyboard.type("Publiez plus de données ouvertes.")
    tab_to(page, f"#id_q{question(q, 'province').pk}")
    page.keyboard.type("Qu")  # Québec
    tab_to(page, "#review-answers")
    page.keyboard.press("Enter")

    page.wait_for_selector("text=Revoyez vos réponses")
    review = page.locator("main").inner_text()
    assert "Bleu" in review and "1. Accès" in review and "2. Données" in review
    assert "Autre\u00a0: Dee" in review and "4 sur une échelle de 1 à 5" in review
    assert "Québec" in review and Response.objects.count() == 0
    assert_accessible(page)
    screenshot(page, "surveys-review-fr")

    tab_to(page, "input[name=consent_to_publish]")
    page.keyboard.press("Space")
    tab_to(page, "#send-answers")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Nous avons bien reçu vos réponses")
    assert_accessible(page)
    screenshot(page, "surveys-thanks-fr")

    response = Response.objects.get()
    assert response.province == "QC" and response.language == "fr"
    assert Answer.objects.filter(response=response, rank__isnull=False).count() == 2
    assert Answer.objects.get(response=response, number__isnull=False).number == 4


@pytest.mark.parametrize("language", ["en", "fr"])
def test_results_with_charts_tables_and_province_filter(page, questionnaire, language):
    import_ranks(questionnaire, [["Data", "Access", "Science"]] * 6, province="ON")
    import_ranks(questionnaire, [["Science", "Data"]] * 3, province="QC")
    page.goto(f"/{language}/questionnaires/{questionnaire.pk}/results/")
    assert page.locator("svg.chart[role=img]").count() >= 5
    assert page.locator("table").count() >= 5
    assert_accessible(page)
    screenshot(page, f"surveys-results-{language}")
    page.select_option("#id_province", "QC")
    page.locator("form.results-filter button").click()
    page.wait_for_url("**province=QC")
    status = page.locator("p[role=status]").inner_text()
    assert status.startswith("3 ")
    first_rank_row = page.locator("table").nth(2).locator("tbody tr").first.inner_text()
    assert "Science" in first_rank_row
    assert_accessible(page)
