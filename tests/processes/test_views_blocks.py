from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.processes.blocks import video_block_save
from coplan.processes.models import StaticPage, VideoBlock

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


def _files() -> dict:
    return {
        "video_file": SimpleUploadedFile("welcome.mp4", MP4, content_type="video/mp4"),
        "captions_en": SimpleUploadedFile("en.vtt", VTT, content_type="text/vtt"),
        "captions_fr": SimpleUploadedFile("fr.vtt", VTT, content_type="text/vtt"),
    }


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
