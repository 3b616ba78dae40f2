import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.contributions.models import Contribution
from coplan.surveys import selectors, services
from coplan.surveys.models import Answer, Response
from tests.surveys.factories import choice, question, questionnaire_with_every_kind
from tests.surveys.helpers import full_answers, import_ranks


@pytest.fixture
def questionnaire(db):
    return questionnaire_with_every_kind()


class TestSubmit:
    def test_structured_answers_stay_structured_and_free_text_joins_the_corpus(self, questionnaire):
        response = services.response_submit(
            questionnaire=questionnaire, answers=full_answers(questionnaire), language="fr"
        )
        assert response.province == "QC"
        answers = Answer.objects.filter(response=response)
        # 1 single + 2 multiple + 1 other + 3 ranks + rating + yes/no + 2 texts + province
        assert answers.count() == 12
        assert set(answers.values_list("province", flat=True)) == {"QC"}
        texts = Contribution.objects.filter(channel="questionnaire").order_by("pk")
        assert [c.text for c in texts] == ["Dee", "Openness", "Publish more data about budgets."]
        long_text = texts.last()
        assert long_text.target == question(questionnaire, "long_text")
        assert long_text.moderation_state == "pending"
        assert long_text.opportunity == questionnaire.opportunity
        # The language is the text's own (detected), not the interface's.
        assert long_text.province == "QC" and long_text.language == "en"
        assert answers.get(is_other=True).contribution.text == "Dee"

    def test_missing_required_answer_stores_nothing(self, questionnaire):
        answers = full_answers(questionnaire)
        del answers[question(questionnaire, "single").pk]
        with pytest.raises(ValidationError, match="must be answered"):
            services.response_submit(questionnaire=questionnaire, answers=answers, language="en")
        assert Response.objects.count() == 0 and Contribution.objects.count() == 0

    def test_choice_of_another_question_is_refused_and_nothing_is_stored(self, questionnaire):
        answers = full_answers(questionnaire)
        answers[question(questionnaire, "single").pk] = {
            "choice": choice(questionnaire, "ranking", "Data").pk
        }
        with pytest.raises(ValidationError, match="does not belong"):
            services.response_submit(questionnaire=questionnaire, answers=answers, language="en")
        assert Response.objects.count() == 0 and Answer.objects.count() == 0
        assert Contribution.objects.count() == 0

    def test_ranking_with_repeats_is_refused(self, questionnaire):
        answers = full_answers(questionnaire)
        ranks = answers[question(questionnaire, "ranking").pk]["ranks"]
        first = next(iter(ranks))
        ranks[first] = 2
        with pytest.raises(ValidationError):
            services.response_submit(questionnaire=questionnaire, answers=answers, language="en")
        assert Response.objects.count() == 0

    def test_rating_outside_the_scale_is_refused(self, questionnaire):
        answers = full_answers(questionnaire)
        answers[question(questionnaire, "rating").pk] = {"number": 9}
        with pytest.raises(ValidationError, match="outside the scale"):
            services.response_submit(questionnaire=questionnaire, answers=answers, language="en")
        assert Response.objects.count() == 0

    def test_unknown_province_is_refused(self, questionnaire):
        answers = full_answers(questionnaire)
        answers[question(questionnaire, "province").pk] = {"code": "ZZ"}
        with pytest.raises(ValidationError, match="Unknown province"):
            services.response_submit(questionnaire=questionnaire, answers=answers, language="en")

    def test_no_response_after_the_closing_date(self, questionnaire):
        questionnaire.closes_at = timezone.now() - datetime.timedelta(minutes=1)
        questionnaire.save()
        with pytest.raises(ValidationError, match="closed"):
            services.response_submit(
                questionnaire=questionnaire, answers=full_answers(questionnaire), language="en"
            )
        assert Response.objects.count() == 0

    def test_closed_opportunity_closes_the_questionnaire(self, questionnaire):
        questionnaire.opportunity.status = "closed"
        questionnaire.opportunity.save()
        assert not questionnaire.is_open()

    def test_one_response_per_person(self, questionnaire, user):
        key = services.respondent_key_for(questionnaire=questionnaire, user=user, browser_token="")
        assert key == f"u:{user.pk}"
        answers = full_answers(questionnaire)
        services.response_submit(
            questionnaire=questionnaire,
            answers=answers,
            language="en",
            respondent=user,
            respondent_key=key,
        )
        with pytest.raises(ValidationError, match="already answered"):
            services.response_submit(
                questionnaire=questionnaire,
                answers=answers,
                language="en",
                respondent=user,
                respondent_key=key,
            )
        assert Response.objects.count() == 1
        assert Contribution.objects.count() == 3  # the second attempt left nothing behind

    def test_browser_key_is_a_keyed_hash_and_absent_when_not_limited(self, questionnaire):
        from django.contrib.auth.models import AnonymousUser

        key = services.respondent_key_for(
            questionnaire=questionnaire, user=AnonymousUser(), browser_token="abc"
        )
        assert key.startswith("c:") and "abc" not in key
        questionnaire.one_response_per_person = False
        assert (
            services.respondent_key_for(
                questionnaire=questionnaire, user=AnonymousUser(), browser_token="abc"
            )
            == ""
        )

    def test_bulk_import_is_all_or_nothing(self, questionnaire):
        good = services.ImportedResponse(
            answers=full_answers(questionnaire), language="en", submitted_at=timezone.now()
        )
        bad_answers = full_answers(questionnaire)
        bad_answers[question(questionnaire, "rating").pk] = {"number": 99}
        bad = services.ImportedResponse(
            answers=bad_answers, language="en", submitted_at=timezone.now()
        )
        with pytest.raises(ValidationError):
            services.responses_import_bulk(questionnaire=questionnaire, responses=[good, bad])
        assert Response.objects.count() == 0 and Contribution.objects.count() == 0
        assert services.responses_import_bulk(questionnaire=questionnaire, responses=[good]) == 1


class TestResults:
    def test_counts_shares_mean_rank_and_borda(self, questionnaire):
        import_ranks(
            questionnaire,
            [["Data", "Access", "Science"], ["Data", "Science", "Access"], ["Access", "Data"]],
        )
        results = selectors.questionnaire_results(questionnaire)
        assert results.responses == 3
        by_kind = {r.question.kind: r for r in results.questions}
        ranking = by_kind["ranking"]
        assert ranking.respondents == 3
        rows = {row.label: row for row in ranking.rank_rows}
        # Data: ranks 1, 1, 2 → mean 1.33, Borda (3-1)+(3-1)+(3-2) = 5
        assert rows["Data"].mean_rank == 1.33 and rows["Data"].borda == 5
        # Access: ranks 2, 3, 1 → mean 2, Borda 1 + 0 + 2 = 3
        assert rows["Access"].mean_rank == 2.0 and rows["Access"].borda == 3
        # Science: ranks 3, 2 → mean 2.5, Borda 0 + 1 = 1; ranked by two people
        assert rows["Science"].count == 2 and rows["Science"].borda == 1
        assert [row.label for row in ranking.rank_rows] == ["Data", "Access", "Science"]
        single = {row.label: row for row in by_kind["single"].rows}
        assert single["Blue"].count == 3 and single["Blue"].share == 100.0
        assert single["Red"].count == 0 and single["Other"].count == 0

    def test_multiple_choice_shares_are_of_people_and_rating_mean(self, questionnaire):
        q = questionnaire
        for picks, rating in [(["Ann", "Bob"], 5), (["Ann"], 3), ([], 1)]:
            answers = full_answers(q)
            answers[question(q, "multiple").pk] = {
                "choices": [choice(q, "multiple", label).pk for label in picks],
                "other": "" if picks else "Zed",
            }
            answers[question(q, "rating").pk] = {"number": rating}
            services.responses_import_bulk(
                questionnaire=q,
                responses=[
                    services.ImportedResponse(
                        answers=answers, language="en", submitted_at=timezone.now()
                    )
                ],
            )
        by_kind = {r.question.kind: r for r in selectors.questionnaire_results(q).questions}
        multiple = by_kind["multiple"]
        assert multiple.respondents == 3
        shares = {row.label: (row.count, row.share) for row in multiple.rows}
        assert shares["Ann"] == (2, 66.7) and shares["Bob"] == (1, 33.3)
        assert shares["Other"] == (1, 33.3)
        assert by_kind["rating"].mean == 3.0
        assert by_kind["long_text"].text_count == 3

    def test_province_filter(self, questionnaire):
        import_ranks(questionnaire, [["Data"], ["Data"]], province="ON")
        import_ranks(questionnaire, [["Science"]], province="NU")
        results = selectors.questionnaire_results(questionnaire, province="NU")
        assert results.responses == 1
        ranking = next(r for r in results.questions if r.question.kind == "ranking")
        assert ranking.rank_rows[0].label == "Science" and ranking.respondents == 1

    def test_query_count_does_not_grow_with_responses(self, questionnaire):
        import_ranks(questionnaire, [["Data"]])
        with CaptureQueriesContext(connection) as small:
            selectors.questionnaire_results(questionnaire)
        import_ranks(questionnaire, [["Data", "Access", "Science"]] * 60, province="BC")
        with CaptureQueriesContext(connection) as large:
            selectors.questionnaire_results(questionnaire, province="BC")
        assert len(small) == len(large) <= 6


def test_tallies_always_match_a_recount_of_the_answers(questionnaire, user):
    """Results read the running counts: they must equal counting the answers afresh."""
    from coplan.surveys.models import ResultTally
    from coplan.surveys.tallies import count_answers

    services.response_submit(
        questionnaire=questionnaire,
        answers=full_answers(questionnaire),
        language="en",
        respondent=user,
        respondent_key=f"u:{user.pk}",
    )
    import_ranks(questionnaire, [["Data", "Access"], ["Science"]], province="YT")
    failing = full_answers(questionnaire)
    failing[question(questionnaire, "rating").pk] = {"number": 42}
    with pytest.raises(ValidationError):
        services.response_submit(questionnaire=questionnaire, answers=failing, language="en")
    stored = {
        (t.question_id, t.province, t.key): t.count
        for t in ResultTally.objects.filter(questionnaire=questionnaire)
    }
    assert stored == dict(count_answers(Answer.objects.filter(questionnaire=questionnaire)))
