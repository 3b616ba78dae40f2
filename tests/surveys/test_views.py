import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coplan.contributions.models import Contribution
from coplan.surveys import services
from coplan.surveys.models import Response
from tests.accounts.factories import UserFactory
from tests.surveys.factories import choice, question, questionnaire_with_every_kind
from tests.surveys.helpers import form_data, full_answers, import_ranks, review_then_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(db):
    return questionnaire_with_every_kind()


def url(q, suffix=""):
    return f"/en/questionnaires/{q.pk}/{suffix}"


def rank_name(q, label: str) -> str:
    return f"q{question(q, 'ranking').pk}_c{choice(q, 'ranking', label).pk}"


class TestAnswering:
    def test_page_in_both_languages(self, client, questionnaire):
        html = client.get(url(questionnaire)).content.decode()
        assert "Pick one" in html and "Rank these" in html and "Other, please specify" in html
        assert "Privacy notice and how your input is used" in html
        html = client.get(f"/fr/questionnaires/{questionnaire.pk}/").content.decode()
        assert "Choisissez-en une" in html and "Classez" in html

    def test_review_stores_nothing_then_send_stores_and_thanks(self, client, questionnaire):
        response = client.post(url(questionnaire), form_data(questionnaire))
        html = response.content.decode()
        assert "Review your answers" in html and "1. Access" in html and "2. Data" in html
        assert "Other: Dee" in html and Response.objects.count() == 0
        response = review_then_send(client, questionnaire, form_data(questionnaire))
        assert response.status_code == 302 and response["Location"] == url(questionnaire, "thanks/")
        stored = Response.objects.get()
        assert stored.province == "NS" and stored.language == "en"
        assert set(Contribution.objects.values_list("text", "consent_to_publish", "channel")) == {
            ("Dee", True, "questionnaire"),
            ("More open data, please.", True, "questionnaire"),
        }
        # The browser is remembered: the form is not offered again.
        html = client.get(url(questionnaire)).content.decode()
        assert "You have already answered this questionnaire" in html
        assert "Review my answers" not in html

    def test_review_warns_of_personal_information_and_sends_it_masked(self, client, questionnaire):
        """Free text and "Other" holding an email and a phone number: the review step shows the
        sensitive-information warning of every public form; sent as they are, the answers are
        stored with both masked for publication."""
        data = form_data(questionnaire)
        data[f"q{question(questionnaire, 'long_text').pk}"] = "Write to ann@example.net."
        data[f"q{question(questionnaire, 'multiple').pk}_other"] = "Call 613-555-0147"
        html = client.post(url(questionnaire), data).content.decode()
        assert "Your text may contain sensitive information" in html
        assert "ann@example.net" in html and Response.objects.count() == 0
        assert review_then_send(client, questionnaire, data).status_code == 302
        assert {c.public_text for c in Contribution.objects.all()} == {
            "Write to [email removed].",
            "Call [phone number removed]",
        }
        clean = client.post(url(questionnaire), form_data(questionnaire)).content.decode()
        assert "sensitive information" not in clean

    def test_change_my_answers_brings_the_form_back_filled(self, client, questionnaire):
        response = client.post(url(questionnaire), form_data(questionnaire))
        payload = response.context["review_form"]["payload"].value()
        response = client.post(url(questionnaire, "change/"), {"payload": payload})
        html = response.content.decode()
        assert response.status_code == 200 and "More open data, please." in html
        assert Response.objects.count() == 0

    def test_signed_in_answers_once_per_account(self, client, questionnaire, user):
        client.force_login(user)
        review_then_send(client, questionnaire, form_data(questionnaire))
        assert Response.objects.get().respondent == user
        other_browser = Client()
        other_browser.force_login(user)
        assert "already answered" in other_browser.get(url(questionnaire)).content.decode()

    def test_missing_required_answer_is_a_translated_400(self, client, questionnaire):
        data = form_data(questionnaire)
        del data[f"q{question(questionnaire, 'single').pk}"]
        response = client.post(f"/fr/questionnaires/{questionnaire.pk}/", data)
        assert response.status_code == 400
        assert "Veuillez répondre à cette question." in response.content.decode()
        assert Response.objects.count() == 0

    def test_tampered_choice_id_is_refused(self, client, questionnaire):
        data = form_data(questionnaire)
        data[f"q{question(questionnaire, 'single').pk}"] = str(
            choice(questionnaire, "ranking", "Data").pk
        )
        response = client.post(url(questionnaire), data)
        assert response.status_code == 400 and "Select a valid choice" in response.content.decode()

    def test_ranking_with_repeats_is_refused(self, client, questionnaire):
        data = form_data(questionnaire)
        data[rank_name(questionnaire, "Data")] = "1"
        response = client.post(f"/fr/questionnaires/{questionnaire.pk}/", data)
        assert response.status_code == 400
        assert "Chaque rang ne peut être donné qu’une fois" in response.content.decode()

    def test_ranking_with_a_gap_is_refused(self, client, questionnaire):
        data = form_data(questionnaire)
        data[rank_name(questionnaire, "Data")] = "3"
        response = client.post(url(questionnaire), data)
        assert response.status_code == 400 and "without gaps" in response.content.decode()

    def test_wrong_type_for_a_rating_is_refused(self, client, questionnaire):
        data = form_data(questionnaire)
        data[f"q{question(questionnaire, 'rating').pk}"] = "lots"
        response = client.post(url(questionnaire), data)
        assert response.status_code == 400 and "Select a valid choice" in response.content.decode()

    def test_other_without_its_text_is_refused(self, client, questionnaire):
        data = form_data(questionnaire)
        data[f"q{question(questionnaire, 'multiple').pk}_other"] = "   "
        response = client.post(url(questionnaire), data)
        assert response.status_code == 400 and "please say what it is" in response.content.decode()

    def test_too_long_and_null_text_are_refused(self, client, questionnaire):
        data = form_data(questionnaire)
        data[f"q{question(questionnaire, 'short_text').pk}"] = "x" * 301
        response = client.post(url(questionnaire), data)
        assert response.status_code == 400 and "under 300 characters" in response.content.decode()
        data[f"q{question(questionnaire, 'short_text').pk}"] = "bad\x00"
        response = client.post(url(questionnaire), data)
        assert response.status_code == 400 and "(a null character)" in response.content.decode()

    def test_hostile_html_is_stored_as_text_and_escaped_on_review(self, client, questionnaire):
        data = form_data(questionnaire)
        data[f"q{question(questionnaire, 'long_text').pk}"] = "<script>alert(1)</script>"
        html = client.post(url(questionnaire), data).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html

    def test_tampered_payload_is_a_400_and_stores_nothing(self, client, questionnaire):
        response = client.post(url(questionnaire, "send/"), {"payload": "forged:value"})
        assert response.status_code == 400 and "could not be read back" in response.content.decode()
        assert Response.objects.count() == 0

    def test_payload_of_another_questionnaire_is_refused(self, client, questionnaire):
        other = questionnaire_with_every_kind(opportunity=questionnaire.opportunity, slug="another")
        response = client.post(url(questionnaire), form_data(questionnaire))
        payload = response.context["review_form"]["payload"].value()
        response = client.post(url(other, "send/"), {"payload": payload})
        assert response.status_code == 400 and Response.objects.count() == 0

    def test_closed_questionnaire_shows_no_form(self, client, questionnaire):
        questionnaire.opportunity.status = "closed"
        questionnaire.opportunity.save()
        html = client.get(f"/fr/questionnaires/{questionnaire.pk}/").content.decode()
        assert "Ce questionnaire est fermé" in html and "Revoir mes réponses" not in html

    def test_sign_in_required_redirects_anonymous(self, client, questionnaire):
        questionnaire.requires_account = True
        questionnaire.save()
        response = client.get(url(questionnaire))
        assert response.status_code == 302 and "/en/account/sign-in/" in response["Location"]

    def test_csrf_is_enforced(self, questionnaire):
        client = Client(enforce_csrf_checks=True)
        assert client.post(url(questionnaire), form_data(questionnaire)).status_code == 403

    def test_floods_are_rate_limited(self, client, questionnaire, settings):
        settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "public_write": "3/60"}
        codes = [client.post(url(questionnaire), {}).status_code for _ in range(5)]
        assert codes[-1] == 429

    def test_opportunity_link_leads_to_the_questionnaire(self, client, questionnaire):
        response = client.get(f"/en/questionnaires/opportunity/{questionnaire.opportunity.pk}/")
        assert response["Location"] == url(questionnaire)

    def test_process_page_lists_the_questionnaire_and_its_results(self, client, questionnaire):
        process = questionnaire.opportunity.phase.process
        html = client.get(f"/en/processes/{process.slug}/").content.decode()
        assert "Priorities" in html and url(questionnaire, "results/") in html


class TestResultsPages:
    def test_public_results_have_svg_charts_and_tables(self, client, questionnaire):
        import_ranks(questionnaire, [["Data", "Access"]])
        html = client.get(f"/fr/questionnaires/{questionnaire.pk}/results/").content.decode()
        assert html.count('role="img"') >= 4 and "<title id=" in html
        assert "Points de priorité" in html and "Rang moyen" in html
        # SVG lengths are plain numbers, never written with the French decimal comma.
        # Bars are percentages of the chart's box (core.charts), the longest 70%.
        widths = re.findall(r'<rect\b[^>]*\bx="0"[^>]*\bwidth="([^"]*)"', html)
        assert widths and all(re.fullmatch(r"\d+(\.\d+)?%", width) for width in widths)
        assert "70.0%" in widths

    def test_province_filter_and_bad_filter(self, client, questionnaire):
        import_ranks(questionnaire, [["Data"]], province="ON")
        import_ranks(questionnaire, [["Science"]], province="YT")
        html = client.get(url(questionnaire, "results/?province=YT")).content.decode()
        assert "1 response from Yukon." in html
        response = client.get(url(questionnaire, "results/?province=<script>"))
        assert response.status_code == 200 and "2 responses in all." in response.content.decode()

    def test_results_query_count_is_constant(self, client, questionnaire):
        import_ranks(questionnaire, [["Data"]])
        with CaptureQueriesContext(connection) as small:
            client.get(url(questionnaire, "results/"))
        import_ranks(questionnaire, [["Data", "Science", "Access"]] * 50)
        for n in range(20):
            answers = full_answers(questionnaire)
            answers[question(questionnaire, "long_text").pk] = {"text": f"Idea {n}"}
            services.responses_import_bulk(
                questionnaire=questionnaire,
                responses=[
                    services.ImportedResponse(
                        answers=answers, language="en", submitted_at=questionnaire.created_at
                    )
                ],
            )
        with CaptureQueriesContext(connection) as large:
            client.get(url(questionnaire, "results/"))
        assert len(small) == len(large)

    def test_staff_only_results_are_hidden_from_the_public(self, client, questionnaire):
        questionnaire.results_visibility = "staff"
        questionnaire.save()
        response = client.get(url(questionnaire, "results/"))
        assert response.status_code == 403
        assert "for the team only" in response.content.decode()
        assert "results/" not in client.get(url(questionnaire)).content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("participant", 403),
        ("moderator", 403),
        ("forum member", 403),
        ("department reporter", 403),
        ("analyst", 200),
        ("administrator", 200),
    ],
)
@pytest.mark.parametrize("page", ["staff/", "staff/{pk}/results/", "staff/{pk}/responses.csv"])
def test_staff_pages_by_role(client, questionnaire, role, expected, page):
    from coplan.accounts.services import user_grant_role

    if role:
        person = UserFactory()
        user_grant_role(user=person, role=role)
        client.force_login(person)
    response = client.get("/en/questionnaires/" + page.format(pk=questionnaire.pk))
    assert response.status_code == expected
    if expected == 302:
        assert "/en/account/sign-in/" in response["Location"]
    if expected == 200:
        assert (
            response["Cache-Control"].startswith("no-store")
            or "no-store" in response["Cache-Control"]
        )


def test_staff_list_query_count_is_constant(client, administrator):
    client.force_login(administrator)
    questionnaire_with_every_kind(slug="one")
    with CaptureQueriesContext(connection) as small:
        client.get("/en/questionnaires/staff/")
    for n in range(5):
        questionnaire_with_every_kind(slug=f"more-{n}")
    with CaptureQueriesContext(connection) as large:
        client.get("/en/questionnaires/staff/")
    assert len(small) == len(large)


class TestExport:
    def test_csv_has_stable_bilingual_columns_and_no_personal_information(
        self, client, questionnaire, analyst
    ):
        person = UserFactory(email="someone@example.org", display_name="Some One")
        key = services.respondent_key_for(
            questionnaire=questionnaire, user=person, browser_token=""
        )
        answers = full_answers(questionnaire)
        answers[question(questionnaire, "long_text").pk] = {"text": '=HYPERLINK("x")'}
        services.response_submit(
            questionnaire=questionnaire,
            answers=answers,
            language="fr",
            respondent=person,
            respondent_key=key,
        )
        import_ranks(questionnaire, [["Science", "Data"]], province="BC")
        client.force_login(analyst)
        response = client.get(f"/en/questionnaires/staff/{questionnaire.pk}/responses.csv")
        assert response.streaming and response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0][:4] == [
            "Response / Réponse",
            "Submitted (UTC) / Reçue (UTC)",
            "Language / Langue",
            "Province or territory / Province ou territoire",
        ]
        assert rows[0][4] == "Q1. Pick one / Choisissez-en une"
        assert rows[0][6] == "Q3. Rank these / Classez"
        assert len(rows) == 3 and all(len(row) == 12 for row in rows)
        first, second = rows[1], rows[2]
        assert first[2] == "fr" and first[3] == "QC"
        assert first[5] == "Ann / Ann | Cy / Cy | Other / Autre: Dee"
        assert first[6] == "Access / Accès > Data / Données > Science / Science"
        assert first[7] == "4" and first[8] == "yes / oui" and first[11] == "QC"
        assert first[10] == '\'=HYPERLINK("x")'  # a formula is neutralised
        assert second[6] == "Science / Science > Data / Données" and second[3] == "BC"
        assert "someone@example.org" not in body and "Some One" not in body
        assert key not in body
