import pytest

from coplan.accounts import demo as accounts_demo
from coplan.processes import demo as processes_demo
from coplan.surveys import demo, selectors
from coplan.surveys.models import Questionnaire, Response


@pytest.mark.django_db
def test_demo_questionnaires_with_meaningful_results_and_idempotent():
    accounts_demo.load()
    processes_demo.load()
    demo.load()
    demo.load()
    planning = Questionnaire.objects.get(slug="planning-priorities")
    involved = Questionnaire.objects.get(slug="get-involved")
    assert planning.opportunity.slug == "priorities" and involved.opportunity.slug == "get-involved"
    assert Response.objects.filter(questionnaire=planning).count() == demo.PLANNING_RESPONSES
    assert Response.objects.filter(questionnaire=involved).count() == demo.GET_INVOLVED_RESPONSES
    # The 4th plan's questionnaires are closed; the current process's is open.
    assert not involved.is_open() and not planning.is_open()
    current = Questionnaire.objects.get(slug=demo.CURRENT_SLUG_QUESTIONNAIRE)
    assert current.is_open()
    assert current.opportunity.phase.process.slug == processes_demo.CURRENT_SLUG
    assert Response.objects.filter(questionnaire=current).count() == demo.CURRENT_RESPONSES
    # One answer per confirmed email address, and the demo's answers all count.
    assert current.opportunity.voice_rule == current.opportunity.VoiceRule.CONFIRMED_EMAIL
    current_results = selectors.questionnaire_results(current)
    assert current_results.confirmed_by_email and current_results.waiting == 0
    assert current_results.responses == demo.CURRENT_RESPONSES
    results = selectors.questionnaire_results(planning)
    ranking = next(r for r in results.questions if r.question.kind == "ranking")
    assert ranking.respondents == demo.PLANNING_RESPONSES
    assert ranking.rank_rows[0].label == "Open data"  # the leaning the generator gives
    provinces = next(r for r in results.questions if r.question.kind == "province")
    ontario = next(row for row in provinces.rows if row.label == "Ontario")
    assert ontario.count == max(row.count for row in provinces.rows)
