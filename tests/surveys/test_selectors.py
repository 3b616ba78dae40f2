from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.surveys import selectors, services
from tests.surveys.factories import choice, question
from tests.surveys.helpers import full_answers, import_ranks


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
