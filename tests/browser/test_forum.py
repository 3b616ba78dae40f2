"""The forum in a real browser: staff sign in with their second factor, seat members, hold a
meeting whose minutes are published in both languages, and attach evidence that turns a missing
OGP requirement green; every page visited is checked with axe, in English and French."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.accounts.models import Organisation
from coplan.forum import services
from coplan.forum.models import Evidence, ForumMember, Meeting, MeetingStatus
from tests.accounts.factories import TEST_PASSWORD, staff_with_role
from tests.browser.conftest import assert_accessible, screenshot
from tests.processes.factories import ProcessFactory
from tests.security.helpers import enrolled, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def forum(settings):
    # Staff pages need the second factor, as in production.
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    process = ProcessFactory(slug="forum-demo")
    forum = services.forum_create(
        slug="msf",
        name_en="Multi-stakeholder Forum on Open Government",
        name_fr="Forum multi-intervenants sur le gouvernement ouvert",
        process=process,
    )
    services.forum_update(
        forum=forum,
        terms_of_reference_en="The forum oversees the co-creation of the plan.",
        terms_of_reference_fr="Le forum supervise la co-création du plan.",
        participation_rules_en="Members speak for their sector; decisions are by consensus.",
        participation_rules_fr="Les membres parlent pour leur secteur; on décide par consensus.",
    )
    for slug, name_en, name_fr, kind in (
        ("tbs", "Treasury Board Secretariat", "Secrétariat du Conseil du Trésor", "department"),
        ("open-north", "Open North", "Nord Ouvert", "civil_society"),
    ):
        Organisation.objects.create(slug=slug, name_en=name_en, name_fr=name_fr, kind=kind)
    return forum


def staff_sign_in(page, user, path: str) -> None:
    """Password, then the six-digit code of the person's authenticator, as a person would."""
    device, _codes = enrolled(user)
    # The code that confirmed the device cannot be used twice: move past its time step.
    device.last_t = -1
    device.save(update_fields=["last_t"])
    page.goto("/en/account/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(path)
    page.wait_for_url("**/en/account/two-step/**")
    page.get_by_label("Code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**{path}")


def _fill(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        page.locator(f"main [name='{name}']").fill(value)


def test_members_meeting_and_bilingual_minutes(page, browser, live_server, forum):
    slug = forum.process.slug
    administrator = staff_with_role("administrator")

    # An administrator seats two members, then corrects one seat.
    staff_sign_in(page, administrator, f"/en/forum/{slug}/staff/members/add/")
    assert_accessible(page)
    for name, organisation, sector, role in (
        ("Alex Tremblay", "Treasury Board Secretariat", "government", "co_chair"),
        ("Sam Okafor", "Open North", "civil_society", "member"),
    ):
        page.goto(f"/en/forum/{slug}/staff/members/add/")
        page.get_by_label("Name as published").fill(name)
        page.get_by_label("Organisation").select_option(label=organisation)
        page.get_by_label("Sector").select_option(sector)
        page.get_by_label("Role").select_option(role)
        page.locator("main [name=term_start]").fill("2017-10-02")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(f"**/en/forum/{slug}/")
    page.goto(f"/en/forum/{slug}/staff/members/")
    assert_accessible(page)
    screenshot(page, "forum-staff-members-en")
    sam = ForumMember.objects.get(name="Sam Okafor")
    page.get_by_role("link", name="Edit the seat of Sam Okafor").click()
    page.wait_for_url(f"**/staff/members/{sam.pk}/")
    assert_accessible(page)
    page.get_by_label("Role").select_option("co_chair")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/en/forum/{slug}/staff/members/")
    assert "The member's seat is saved." in page.content()
    assert_accessible(page)
    sam.refresh_from_db()
    assert sam.role == "co_chair"
    # A bad end date is refused with a message; nothing changes.
    page.get_by_role("link", name="End the term of Sam Okafor").click()
    page.locator("main [name=term_end]").fill("2001-01-01")
    page.get_by_role("button", name="End the term").click()
    assert "The term must not end before it starts." in page.content()
    assert_accessible(page)
    screenshot(page, "forum-staff-end-term-error-en")
    sam.refresh_from_db()
    assert sam.term_end is None
    page.goto(f"/fr/forum/{slug}/staff/members/")
    assert "Mettre fin au mandat" in page.content()
    assert_accessible(page)
    screenshot(page, "forum-staff-members-fr")

    # A forum member plans a meeting held last week, in both languages.
    member_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    member_page = member_context.new_page()
    member_page.set_default_timeout(15_000)
    member = staff_with_role("forum member")
    staff_sign_in(member_page, member, f"/en/forum/{slug}/staff/meetings/add/")
    assert_accessible(member_page)
    held = timezone.localtime() - datetime.timedelta(days=7)
    _fill(
        member_page,
        {
            "title_en": "Third meeting of the forum",
            "title_fr": "Troisième réunion du forum",
            "held_at": held.strftime("%Y-%m-%d 14:00"),
            "location_en": "Ottawa and online",
            "location_fr": "Ottawa et en ligne",
            "agenda_en": "1. Welcome\n\n2. Draft commitments",
            "agenda_fr": "1. Mot de bienvenue\n\n2. Ébauches d’engagements",
            "minutes_en": "The forum reviewed twelve draft commitments.",
            "decisions_en": "The forum asked for a commitment on open contracting.",
            "decisions_fr": "Le forum a demandé un engagement sur les marchés ouverts.",
        },
    )
    member_page.get_by_role("button", name="Save").click()
    meeting = Meeting.objects.get()
    member_page.wait_for_url(f"**/staff/meetings/{meeting.pk}/")
    assert_accessible(member_page)
    member_page.get_by_role("button", name="Publish the agenda").click()
    member_page.wait_for_url(f"**/staff/meetings/{meeting.pk}/")
    # Minutes without French are refused: nothing is published.
    member_page.get_by_role("button", name="Publish the minutes and decisions").click()
    assert "The minutes must be written in both English and French." in member_page.content()
    assert_accessible(member_page)
    screenshot(member_page, "forum-staff-minutes-refused-en")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    member_page.locator("main [name=minutes_fr]").fill(
        "Le forum a examiné douze ébauches d’engagements."
    )
    member_page.get_by_role("button", name="Save").click()
    member_page.wait_for_url(f"**/staff/meetings/{meeting.pk}/")
    member_page.get_by_label("Alex Tremblay (Treasury Board Secretariat)").check()
    member_page.get_by_role("button", name="Record attendance").click()
    member_page.wait_for_url(f"**/staff/meetings/{meeting.pk}/")
    member_page.get_by_role("button", name="Publish the minutes and decisions").click()
    member_page.wait_for_url(f"**/staff/meetings/{meeting.pk}/")
    assert_accessible(member_page)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_PUBLISHED
    member_context.close()

    # Anyone reads the membership page and the minutes, in English and in French.
    public = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    visitor = public.new_page()
    visitor.goto(f"/en/forum/{slug}/")
    members = visitor.locator("table").first
    assert members.locator("tr", has_text="Sam Okafor").locator("td").nth(3).inner_text() == (
        "Co-chair"
    )
    assert "has not met in more than six months" not in visitor.content()
    assert_accessible(visitor)
    screenshot(visitor, "forum-membership-en")
    visitor.get_by_role("link", name="Third meeting of the forum").click()
    visitor.wait_for_url(f"**/en/forum/{slug}/meetings/{meeting.pk}/")
    text = visitor.locator("main").inner_text()
    assert "The forum reviewed twelve draft commitments." in text
    assert "Alex Tremblay (Treasury Board Secretariat): present" in text
    assert "Sam Okafor (Open North): absent" in text
    assert_accessible(visitor)
    screenshot(visitor, "forum-meeting-en")
    visitor.get_by_role("link", name="Français").click()
    visitor.wait_for_url(f"**/fr/forum/{slug}/meetings/{meeting.pk}/")
    text = visitor.locator("main").inner_text()
    assert "Troisième réunion du forum" in text
    assert "Le forum a examiné douze ébauches d’engagements." in text
    assert "Le forum a demandé un engagement sur les marchés ouverts." in text
    assert_accessible(visitor)
    screenshot(visitor, "forum-meeting-fr")
    visitor.goto(f"/fr/forum/{slug}/")
    assert "Forum multi-intervenants sur le gouvernement ouvert" in visitor.content()
    assert "Coprésidence" in visitor.locator("table").first.inner_text()
    assert_accessible(visitor)
    screenshot(visitor, "forum-membership-fr")
    visitor.get_by_role("link", name="Mandat").click()
    assert "Le forum supervise la co-création du plan." in visitor.content()
    assert_accessible(visitor)
    public.close()


def test_missing_requirement_turns_green_with_evidence(page, browser, live_server, forum):
    slug = forum.process.slug
    requirement = "#requirement-3\\.2"

    # The public dashboard shows outreach (3.2) missing.
    page.goto(f"/en/forum/{slug}/compliance/")
    assert page.locator(requirement).get_attribute("data-status") == "missing"
    assert "Missing" in page.locator(requirement).inner_text()
    assert_accessible(page)
    screenshot(page, "forum-compliance-missing-en")

    # An administrator attaches the transcript of radio interviews through the staff page.
    staff = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    staff_page = staff.new_page()
    staff_page.set_default_timeout(15_000)
    administrator = staff_with_role("administrator")
    staff_sign_in(staff_page, administrator, f"/en/forum/{slug}/staff/compliance/")
    assert staff_page.locator(requirement).get_attribute("data-status") == "missing"
    assert_accessible(staff_page)
    # A file that is not what it claims is refused, with a message, and nothing is stored.
    staff_page.get_by_label("Requirement").select_option("3.2")
    _fill(
        staff_page,
        {
            "description_en": "Transcripts of radio interviews in every province.",
            "description_fr": "Transcriptions d’entrevues à la radio dans chaque province.",
        },
    )
    staff_page.locator("main input[type=file]").set_input_files(
        {"name": "transcripts.pdf", "mimeType": "application/pdf", "buffer": b"<html>no</html>"}
    )
    staff_page.get_by_role("button", name="Attach evidence").click()
    assert "is not a valid PDF file" in staff_page.content()
    assert not Evidence.objects.exists()
    assert_accessible(staff_page)
    screenshot(staff_page, "forum-compliance-evidence-refused-en")
    staff_page.get_by_label("Requirement").select_option("3.2")
    staff_page.locator("main input[type=file]").set_input_files(
        {
            "name": "transcripts.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.7\n% radio transcripts\n",
        }
    )
    staff_page.get_by_role("button", name="Attach evidence").click()
    staff_page.wait_for_url(f"**/en/forum/{slug}/staff/compliance/")
    assert staff_page.locator(requirement).get_attribute("data-status") == "met"
    assert_accessible(staff_page)
    screenshot(staff_page, "forum-staff-compliance-en")
    # Staff download the file: an attachment, never shown inline.
    evidence = Evidence.objects.get()
    with staff_page.expect_download() as download:
        staff_page.get_by_role("link", name="Download the file").click()
    assert download.value.suggested_filename == f"evidence-3.2-{evidence.pk}.pdf"
    with open(download.value.path(), "rb") as file:
        assert file.read() == b"%PDF-1.7\n% radio transcripts\n"
    staff.close()

    # The public dashboard now shows it met, in both languages, without the staff link.
    page.goto(f"/en/forum/{slug}/compliance/")
    row = page.locator(requirement)
    assert row.get_attribute("data-status") == "met"
    assert "Transcripts of radio interviews in every province." in row.inner_text()
    assert row.get_by_role("link", name="Download the file").count() == 0
    assert_accessible(page)
    screenshot(page, "forum-compliance-met-en")
    page.goto(f"/fr/forum/{slug}/compliance/")
    row = page.locator(requirement)
    assert row.get_attribute("data-status") == "met"
    assert "Transcriptions d’entrevues à la radio dans chaque province." in row.inner_text()
    assert_accessible(page)
    screenshot(page, "forum-compliance-met-fr")
    # The process page's summary counts it (the cached summary was dropped).
    page.goto(f"/fr/processes/{slug}/")
    section = page.locator("section.forum-summary").inner_text()
    assert "2 exigences minimales du PGO respectées sur 11; 9 sont manquantes." in section
    assert_accessible(page)
    screenshot(page, "forum-process-section-fr")
