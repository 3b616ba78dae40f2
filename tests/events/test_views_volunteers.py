"""Volunteers: the public offer form and the staff pages that answer it (views_volunteers)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import override_settings

from coplan.events.models import VolunteerOffer
from tests.events.helpers import OFFER, _offer

pytestmark = pytest.mark.django_db


class TestPublicForm:
    def test_the_form_shows_the_collection_notice_and_the_process_page_links_to_it(
        self, client, process
    ):
        """The notice is at the point of collection; the process page invites volunteers."""
        html = client.get(f"/fr/events/volunteer/{process.slug}/").content.decode()
        assert "Avis de confidentialité" in html and "collection-notice" in html
        page = client.get(process.get_absolute_url()).content.decode()
        assert f"/events/volunteer/{process.slug}/" in page

    def test_an_offer_is_stored_in_the_language_it_was_written_in(self, client, process):
        """A valid offer: stored as received, email normalised, French remembered; no-store."""
        response = client.post(f"/fr/events/volunteer/{process.slug}/", OFFER)
        assert response.status_code == 302
        volunteer = VolunteerOffer.objects.get()
        assert (volunteer.status, volunteer.language, volunteer.email) == (
            "received",
            "fr",
            "dominique@example.org",
        )
        assert (volunteer.city, volunteer.province, volunteer.process) == ("Moncton", "NB", process)
        followed = client.get(response["Location"]).content.decode()
        assert "Merci de votre offre." in followed

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("offer", "   ", "This field is required."),
            ("email", "not-an-address", "Enter a valid email address."),
            ("province", "ZZ", "Select a valid choice."),
            ("role", "boss", "Select a valid choice."),
        ],
    )
    def test_bad_input_is_a_400_with_the_error_summary_and_nothing_stored(
        self, client, process, field, value, message
    ):
        """Each wrong field named in the GC error summary; no offer is stored."""
        response = client.post(f"/en/events/volunteer/{process.slug}/", {**OFFER, field: value})
        assert response.status_code == 400
        html = response.content.decode()
        assert "data-error-summary" in html and message in html
        assert not VolunteerOffer.objects.exists()

    def test_a_closed_process_takes_no_more_volunteers(self, client, process):
        """After staff close the process: the page says so, a post is refused, nothing stored."""
        process.completed_on = datetime.date(2026, 1, 31)
        process.save(update_fields=["completed_on"])
        url = f"/en/events/volunteer/{process.slug}/"
        assert "no longer takes volunteers" in client.get(url).content.decode()
        response = client.post(url, OFFER)
        assert response.status_code == 400
        assert "no longer takes volunteers" in response.content.decode()
        assert not VolunteerOffer.objects.exists()

    @override_settings(
        COPLAN_RATE_LIMITS={
            "public_write": "2/60",
            "public_write_account": "2/60",
            "sign_in": "10/300",
        }
    )
    def test_offers_are_rate_limited(self, client, process):
        """Like every public write: past the limit, the translated 429 and nothing stored."""
        url = f"/en/events/volunteer/{process.slug}/"
        statuses = [
            client.post(url, {**OFFER, "email": f"p{n}@example.org"}).status_code for n in range(3)
        ]
        assert statuses == [302, 302, 429]
        assert VolunteerOffer.objects.count() == 2


class TestStaffPages:
    def test_offers_not_yet_answered_come_first(self, staff_client, process, administrator):
        """The list puts the offers still waiting for an answer first, newest first."""
        answered = _offer(process, email="a@example.org")
        answered.status, answered.reply = "declined", "Thank you."
        answered.answered_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        answered.save()
        older = _offer(process, email="b@example.org")
        newer = _offer(process, email="c@example.org")
        html = staff_client.get("/en/events/staff/volunteers/").content.decode()
        positions = [
            html.index(f"/en/events/staff/volunteers/{v.pk}/") for v in (newer, older, answered)
        ]
        assert positions == sorted(positions)

    def test_the_list_keeps_its_queries_whatever_the_number_of_offers(
        self, staff_client, process, django_assert_max_num_queries
    ):
        """One page of offers: a fixed number of queries (the process joined)."""
        for n in range(3):
            _offer(process, email=f"p{n}@example.org")
        with django_assert_max_num_queries(12) as captured:
            staff_client.get("/en/events/staff/volunteers/")
        few = len(captured)
        for n in range(3, 12):
            _offer(process, email=f"p{n}@example.org")
        with django_assert_max_num_queries(few):
            staff_client.get("/en/events/staff/volunteers/")

    def test_a_reply_is_required_then_emailed_in_the_volunteers_language(
        self, staff_client, process, administrator, django_capture_on_commit_callbacks
    ):
        """No reply: 400, nothing changes. Accepted with a reply: signed, dated, emailed in
        French to a French volunteer; then no second answer is offered."""
        volunteer = _offer(process, language="fr")
        url = f"/en/events/staff/volunteers/{volunteer.pk}/"
        response = staff_client.post(url, {"status": "accepted", "reply": " "})
        assert response.status_code == 400
        assert "data-error-summary" in response.content.decode()
        assert VolunteerOffer.objects.get(pk=volunteer.pk).status == "received"
        reply = "Nous vous écrirons la semaine prochaine pour fixer une date."
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url, {"status": "accepted", "reply": reply})
        assert response.status_code == 302
        volunteer.refresh_from_db()
        assert (volunteer.status, volunteer.reply) == ("accepted", reply)
        assert volunteer.answered_by == administrator and volunteer.answered_at is not None
        (email,) = mail.outbox
        assert email.to == ["dominique@example.org"]
        assert "Votre offre de bénévolat est acceptée" in email.subject
        assert "Bonjour Dominique Leblanc" in email.body and reply in email.body
        assert "<form" not in staff_client.get(url).content.decode().split("</dl>")[1]

    def test_an_answered_offer_cannot_be_answered_again(self, staff_client, process):
        """A status the offer cannot reach is a form error: no change, no second email."""
        volunteer = _offer(process)
        VolunteerOffer.objects.filter(pk=volunteer.pk).update(status="declined", reply="No.")
        response = staff_client.post(
            f"/en/events/staff/volunteers/{volunteer.pk}/",
            {"status": "accepted", "reply": "Yes after all."},
        )
        assert response.status_code == 400
        assert VolunteerOffer.objects.get(pk=volunteer.pk).status == "declined"
        assert not mail.outbox

    @pytest.mark.parametrize("role", ["moderator", "analyst", "forum member"])
    def test_other_roles_are_refused(self, client, process, role_user, role):
        """Offers hold names and emails: only administrators see them."""
        volunteer = _offer(process)
        client.force_login(role_user(role))
        assert client.get("/en/events/staff/volunteers/").status_code == 403
        assert client.get(f"/en/events/staff/volunteers/{volunteer.pk}/").status_code == 403
