"""In a real browser, in French, with axe: proposing a session (errors, then success) and a
process page with its welcome video, captions and transcript disclosure."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coplan.accounts import roles
from coplan.events.models import Event
from coplan.processes.blocks import video_block_save
from tests.browser.conftest import assert_accessible, screenshot, sign_in_to_staff_home
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour.\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_propose_a_session_in_french(page):
    """The empty form gives the error summary; the filled form is thanked; axe is clean."""
    process = ProcessFactory()
    OpportunityFactory(phase=process.phases.get(kind="development"), kind="sessions", status="open")
    page.goto(f"/fr/events/propose/{process.slug}/")
    assert "Proposer une séance" in page.locator("h1").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Erreur")
    assert_accessible(page)
    screenshot(page, "events-propose-errors-fr")
    day = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    page.fill("#id_title", "Données ouvertes et bibliothèques rurales")
    page.fill("#id_description", "Un atelier avec des bibliothécaires sur les données ouvertes.")
    page.fill("#id_host_organisation", "Réseau des bibliothèques rurales")
    page.fill("#id_day", day)
    page.fill("#id_start_time", "18:00")
    page.fill("#id_end_time", "20:00")
    page.select_option("#id_time_zone", "America/Halifax")
    page.select_option("#id_format", "in_person")
    page.fill("#id_city", "Moncton")
    page.select_option("#id_province", "NB")
    page.fill("#id_contact_name", "Camille Roy")
    page.fill("#id_contact_email", "camille@example.org")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_selector(".messages")
    assert "proposition de séance a été reçue" in page.locator(".messages").inner_text()
    assert_accessible(page)
    screenshot(page, "events-propose-thanks-fr")
    event = Event.objects.get()
    assert event.proposal.moderation_state == "pending" and not Event.objects.public().exists()


def test_the_welcome_video_with_captions_and_transcript_in_french(page):
    """The video with its French captions track and the transcript behind a disclosure."""
    process = ProcessFactory()
    video_block_save(
        process=process,
        title_en="Open Government Action Plan – Mélanie Robert",
        title_fr="Plan d’action pour un gouvernement ouvert – Mélanie Robert",
        transcript_en="Mélanie Robert: Hello. I’m Mélanie Robert.",
        transcript_fr="Mélanie Robert : Bonjour. Je suis Mélanie Robert.",
        video_file=SimpleUploadedFile("welcome.mp4", MP4, "video/mp4"),
        captions_en=SimpleUploadedFile("en.vtt", VTT, "text/vtt"),
        captions_fr=SimpleUploadedFile("fr.vtt", VTT, "text/vtt"),
    )
    page.goto(f"/fr/processes/{process.slug}/")
    figure = page.locator(".video-block")
    assert figure.locator("video track[srclang=fr][default]").count() == 1
    transcript = figure.locator("details.transcript")
    assert not transcript.locator("p").first.is_visible()
    transcript.locator("summary").click()
    assert "Je suis Mélanie Robert." in transcript.inner_text()
    assert_accessible(page)
    screenshot(page, "processes-video-transcript-fr")


def test_the_administrator_adds_the_welcome_video_in_french(page, staff):
    """From the back office's process page: the content blocks, a video without its French
    transcript (refused, the error summary), then with it; axe on each staff page."""
    process = ProcessFactory()
    sign_in_to_staff_home(page, staff[roles.ADMINISTRATOR])
    page.goto(f"/fr/staff/processes/{process.slug}/")
    page.get_by_role("link", name="Vidéos et bloc « Communiquez avec nous »").click()
    page.wait_for_url(f"**/fr/staff/blocks/processes/{process.slug}/")
    assert_accessible(page)
    screenshot(page, "processes-staff-blocks-fr")
    page.get_by_role("link", name="Ajouter une vidéo").click()
    page.fill("#id_title_en", "Open Government Action Plan – Mélanie Robert")
    page.fill("#id_title_fr", "Plan d’action pour un gouvernement ouvert – Mélanie Robert")
    page.fill("#id_transcript_en", "Mélanie Robert: Hello. I’m Mélanie Robert.")
    page.fill("#id_embed_url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    page.get_by_role("button", name="Enregistrer la vidéo").click()
    page.wait_for_selector("#error-summary")
    assert "Une vidéo doit avoir sa transcription en français." in page.inner_text("#error-summary")
    assert_accessible(page)
    screenshot(page, "processes-staff-video-errors-fr")
    page.fill("#id_transcript_fr", "Mélanie Robert : Bonjour. Je suis Mélanie Robert.")
    page.get_by_role("button", name="Enregistrer la vidéo").click()
    page.wait_for_selector(".messages")
    assert_accessible(page)
    video = process.video_blocks.get()
    assert video.embed_src == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
