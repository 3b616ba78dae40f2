"""Content blocks: a video with its transcript (file with captions, or an allow-listed embed) on
process pages and static pages, and the "Contact us at any stage" block of a process — staff
pages in both languages side by side, bad input refused with nothing stored, the public pages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from coplan.contributions.models import Contribution, ContributorContact
from coplan.core.security import CONTENT_SECURITY_POLICY, VIDEO_EMBED_ORIGINS
from coplan.processes.blocks import embed_source, video_block_save
from coplan.processes.models import ContactBlock, StaticPage, VideoBlock

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n"
EMBED = {
    "title_en": "Open government – Mélanie Robert",
    "title_fr": "Gouvernement ouvert – Mélanie Robert",
    "transcript_en": "Mélanie Robert: Hello. I work on open government.",
    "transcript_fr": "Mélanie Robert : Bonjour. Je travaille sur le gouvernement ouvert.",
    "embed_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "position": "0",
}


@pytest.fixture
def staff(client, administrator):
    client.force_login(administrator)
    return client


def _files() -> dict:
    return {
        "video_file": SimpleUploadedFile("welcome.mp4", MP4, content_type="video/mp4"),
        "captions_en": SimpleUploadedFile("en.vtt", VTT, content_type="text/vtt"),
        "captions_fr": SimpleUploadedFile("fr.vtt", VTT, content_type="text/vtt"),
    }


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


class TestVideoStaffPages:
    def test_an_embedded_video_shows_with_its_transcript_in_each_language(
        self, staff, client, process
    ):
        """Staff add an embed in French (texts side by side); the process page shows the private
        player and the transcript in a disclosure, in the reader's language."""
        url = f"/fr/staff/blocks/processes/{process.slug}/videos/new/"
        form = staff.get(url).content.decode()
        assert 'class="bilingual"' in form and "Transcription (français)" in form
        response = staff.post(url, EMBED)
        assert response.status_code == 302
        video = VideoBlock.objects.get()
        assert video.process == process and video.embed_src.endswith("/embed/dQw4w9WgXcQ")
        staff.logout()
        french = client.get(f"/fr/processes/{process.slug}/").content.decode()
        assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in french
        assert "<details" in french and "Je travaille sur le gouvernement ouvert." in french
        assert "Gouvernement ouvert – Mélanie Robert\u00a0: transcription" in french
        english = client.get(f"/en/processes/{process.slug}/").content.decode()
        assert "I work on open government." in english and "processes/blocks.css" in english

    @pytest.mark.parametrize(
        ("language", "missing", "message"),
        [
            ("en", "transcript_fr", "A video needs its transcript in French."),
            ("fr", "transcript_en", "Une vidéo doit avoir sa transcription en anglais."),
            ("fr", "title_fr", "Écrivez le titre en français."),
        ],
    )
    def test_a_video_without_its_transcript_is_refused_and_nothing_stored(
        self, staff, process, language, missing, message
    ):
        """The error summary names the missing language, in the staff member's language."""
        url = f"/{language}/staff/blocks/processes/{process.slug}/videos/new/"
        response = staff.post(url, {**EMBED, missing: "  "})
        html = response.content.decode()
        assert response.status_code == 400
        assert message in html and "error-summary" in html
        assert not VideoBlock.objects.exists()

    @pytest.mark.parametrize(
        ("embed_url", "files", "message"),
        [
            ("https://example.org/v.mp4", (), "Only YouTube and Vimeo videos"),
            ("", (), "Upload a video file or give the address of a video."),
            ("", ("video_file", "captions_en"), "needs its captions in French"),
            (EMBED["embed_url"], ("video_file", "captions_en", "captions_fr"), "not both"),
        ],
    )
    def test_a_video_that_cannot_be_played_accessibly_is_refused(
        self, staff, process, embed_url, files, message
    ):
        """An unknown site, no video at all, a file without French captions, a file and an
        address at once: refused, nothing stored."""
        url = f"/en/staff/blocks/processes/{process.slug}/videos/new/"
        uploads = {name: upload for name, upload in _files().items() if name in files}
        response = staff.post(url, {**EMBED, "embed_url": embed_url, **uploads})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not VideoBlock.objects.exists()

    def test_a_file_that_is_not_a_video_is_refused(self, staff, process):
        """The type is read from the file's first bytes, not its name."""
        url = f"/en/staff/blocks/processes/{process.slug}/videos/new/"
        fake = SimpleUploadedFile("welcome.mp4", b"<html>not a video</html>", "video/mp4")
        response = staff.post(url, {**EMBED, "embed_url": "", **_files(), "video_file": fake})
        assert response.status_code == 400
        assert "The video must be an MP4 or WebM file." in response.content.decode()
        assert not VideoBlock.objects.exists()

    def test_an_uploaded_video_plays_with_captions_and_can_be_sought(self, staff, client, process):
        """A file with its captions: a <video> with a captions track per language (the page's
        language first), served with byte ranges; captions as WebVTT."""
        url = f"/en/staff/blocks/processes/{process.slug}/videos/new/"
        response = staff.post(url, {**EMBED, "embed_url": "", **_files()})
        assert response.status_code == 302
        video = VideoBlock.objects.get()
        staff.logout()
        html = client.get(process.get_absolute_url().replace("/en/", "/fr/")).content.decode()
        assert "<video controls" in html
        assert re.search(
            r'<track kind="captions" srclang="fr" label="Français" src="[^"]+" default>', html
        )
        assert 'srclang="en"' in html
        ranged = client.get(f"/en/videos/{video.pk}/video", HTTP_RANGE="bytes=0-9")
        assert ranged.status_code == 206 and ranged.content == MP4[:10]
        assert ranged["Content-Range"] == f"bytes 0-9/{len(MP4)}"
        whole = client.get(f"/en/videos/{video.pk}/video")
        # Read to the end: the test client then closes the file (and only the file).
        assert b"".join(whole.streaming_content) == MP4
        captions = client.get(f"/en/videos/{video.pk}/captions-fr")
        assert captions["Content-Type"].startswith("text/vtt")
        assert b"".join(captions.streaming_content) == VTT
        assert client.get(f"/en/videos/{video.pk}/secrets").status_code == 404

    def test_a_static_page_takes_a_video_too_and_staff_remove_it(self, staff, client):
        """The welcome video on a static page; removing it takes it off the page."""
        page = StaticPage.objects.create(
            slug="about", title_en="About", title_fr="À propos", body_en="A.", body_fr="À."
        )
        response = staff.post(f"/en/staff/blocks/pages/{page.slug}/videos/new/", EMBED)
        assert response.status_code == 302
        video = VideoBlock.objects.get(page=page)
        assert "youtube-nocookie" in client.get("/en/pages/about/").content.decode()
        assert staff.post(f"/en/staff/blocks/videos/{video.pk}/delete/").status_code == 302
        assert not VideoBlock.objects.exists()
        assert "youtube-nocookie" not in client.get("/en/pages/about/").content.decode()

    def test_editing_keeps_the_file_unless_a_new_one_is_sent(self, staff, process):
        """Changing only the texts keeps the stored file and captions."""
        video = video_block_save(process=process, **{**EMBED, "embed_url": ""}, **_files())
        response = staff.post(
            f"/en/staff/blocks/videos/{video.pk}/",
            {**EMBED, "embed_url": "", "title_en": "Welcome"},
        )
        assert response.status_code == 302
        video.refresh_from_db()
        assert video.title_en == "Welcome" and video.video_file and video.captions_fr

    def test_the_process_page_reads_its_videos_in_one_query(self, client, process):
        """One video or five: the same number of queries."""
        url = process.get_absolute_url()

        def count() -> int:
            from django.core.cache import cache

            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        video_block_save(process=process, **{**EMBED, "position": 0})
        count()  # the first render stores per-process state (the forum's compliance summary)
        one = count()
        for position in range(1, 5):
            video_block_save(process=process, **{**EMBED, "position": position})
        assert count() == one


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
