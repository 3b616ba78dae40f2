"""Content blocks: a video with its transcript (file with captions, or an allow-listed embed) on
process pages and static pages, and the "Contact us at any stage" block of a process — staff
pages in both languages side by side, bad input refused with nothing stored, the public pages."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from coplan.contributions.models import Contribution, ContributorContact
from coplan.core.security import CONTENT_SECURITY_POLICY, VIDEO_EMBED_ORIGINS
from coplan.processes.blocks import embed_source
from coplan.processes.models import ContactBlock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        (
            "https://m.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://youtube.com.example.org/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://example.org/video.mp4", None),
        ("javascript:alert(1)", None),
    ],
)
def test_only_allow_listed_videos_are_embedded_through_their_private_players(url, player):
    """YouTube through youtube-nocookie.com, Vimeo with do-not-track; anything else refused."""
    assert embed_source(url) == player
    if player:
        assert player.startswith(VIDEO_EMBED_ORIGINS)


def test_the_policy_frames_the_two_players_and_nothing_else(client, process):
    """The CSP's frame-src is exactly the allow-list; pages carry that one policy."""
    (frame_src,) = [
        part for part in CONTENT_SECURITY_POLICY.split("; ") if part.startswith("frame-src")
    ]
    assert frame_src.split()[1:] == list(VIDEO_EMBED_ORIGINS)
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    response = client.get(process.get_absolute_url())
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


class TestContactBlock:
    def test_staff_set_the_address_and_the_form_in_both_languages(self, staff, client, process):
        """Introduction side by side, an address, the form on: the process page shows them."""
        url = f"/fr/staff/blocks/processes/{process.slug}/"
        assert 'class="bilingual"' in staff.get(url).content.decode()
        response = staff.post(
            url,
            {
                "introduction_en": "Write to us about anything.",
                "introduction_fr": "Écrivez-nous à propos de tout.",
                "email": "Open-Ouvert@tbs-sct.gc.ca",
                "form_enabled": "on",
            },
        )
        assert response.status_code == 302
        block = ContactBlock.objects.get(process=process)
        assert block.email == "open-ouvert@tbs-sct.gc.ca" and block.form_enabled
        staff.logout()
        page = client.get(process.get_absolute_url().replace("/en/", "/fr/")).content.decode()
        assert "Communiquez avec nous" in page
        assert 'href="mailto:open-ouvert@tbs-sct.gc.ca"' in page
        assert "Écrivez-nous à propos de tout." in page
        assert f"/fr/participate/contact/{process.slug}/" in page

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                {"introduction_en": "Write to us.", "introduction_fr": ""},
                "Écrivez aussi l’introduction en français.",
            ),
            ({"email": "not an address"}, "Entrez une adresse courriel valide."),
        ],
    )
    def test_bad_input_is_refused_with_nothing_stored(self, staff, process, data, message):
        response = staff.post(f"/fr/staff/blocks/processes/{process.slug}/", data)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not ContactBlock.objects.exists()


class TestContactForm:
    @pytest.fixture
    def contact_open(self, process):
        return ContactBlock.objects.create(process=process, form_enabled=True)

    def _token(self, client, url: str) -> str:
        html = client.get(url).content.decode()
        return re.search(r'name="form_token" value="([^"]+)"', html).group(1)

    def test_a_message_reaches_the_team_through_the_one_path(
        self, client, process, contact_open, moderator
    ):
        """The message is a pending contribution (masked copy, contact apart), acknowledged
        with its reference, and waits in the moderation queue."""
        url = f"/fr/participate/contact/{process.slug}/"
        page = client.get(url).content.decode()
        assert "Avis de confidentialité" in page
        response = client.post(
            url,
            {
                "form_token": self._token(client, url),
                "text": "Quand aura lieu la séance à Moncton?",
                "name": "Dominique",
                "email": "dominique@example.org",
            },
            follow=True,
        )
        message = Contribution.objects.get()
        assert (message.kind, message.moderation_state, message.consent_to_publish) == (
            "submission",
            "pending",
            False,
        )
        assert message.provenance == {"via": "contact_form"}
        assert ContributorContact.objects.get(contribution=message).email == "dominique@example.org"
        assert f"(référence {message.pk})" in response.content.decode()
        client.force_login(moderator)
        assert (
            f"/staff/moderation/{message.pk}/"
            in client.get("/en/staff/moderation/").content.decode()
        )

    def test_an_empty_message_is_refused_in_french_with_nothing_stored(
        self, client, process, contact_open
    ):
        url = f"/fr/participate/contact/{process.slug}/"
        response = client.post(url, {"form_token": self._token(client, url), "text": "  "})
        assert response.status_code == 400
        assert "Ce champ ne peut pas être vide." in response.content.decode()
        assert not Contribution.objects.exists()

    def test_without_the_form_turned_on_nothing_is_taken(self, client, process):
        """No contact block, or the form off: the page says so and a post stores nothing."""
        url = f"/en/participate/contact/{process.slug}/"
        assert "does not take messages through a form" in client.get(url).content.decode()
        assert client.post(url, {"text": "Hello"}).status_code == 403
        assert not Contribution.objects.exists()

    @override_settings(
        COPLAN_RATE_LIMITS={
            "public_write": "2/60",
            "public_write_account": "2/60",
            "sign_in": "10/300",
        }
    )
    def test_messages_are_rate_limited(self, client, process, contact_open):
        """Like every public write: past the limit, the 429 and nothing more stored."""
        url = f"/en/participate/contact/{process.slug}/"
        statuses = [
            client.post(
                url, {"form_token": self._token(client, url), "text": f"Question {n}."}
            ).status_code
            for n in range(3)
        ]
        assert statuses == [302, 302, 429]
        assert Contribution.objects.count() == 2
