import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coplan.contributions.models import Contribution
from coplan.surveys import services
from coplan.surveys.models import Answer, Response
from tests.surveys.factories import choice, question
from tests.surveys.helpers import full_answers, import_ranks


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
