"""The back office in a real browser, in French: the demo administrator passes the two-step
sign-in and, without visiting /admin/, creates a process with its six phases and opens a call for
ideas (a subscriber receives the "opened" email); the moderator and the analyst start their work
from their staff home. axe-core checks every page; screenshots in var/screenshots/."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from coplan.accounts import demo as accounts_demo
from coplan.accounts.models import User
from coplan.analysis.demo import ensure_codebook
from coplan.analysis.models import Coding
from coplan.contributions.models import Contribution, ModerationState
from coplan.events.models import Event
from coplan.processes.models import Opportunity, Phase, Process
from coplan.surveys.models import Question
from tests.browser.conftest import assert_accessible, screenshot
from tests.contributions.factories import ContributionFactory
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401
from tests.processes.factories import OpportunityFactory, ProcessFactory
from tests.security.helpers import enrolled, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHASE_DATES = [
    ("2026-01-05", "2026-02-27"),
    ("2026-01-05", "2026-04-30"),
    ("2026-05-01", "2026-06-30"),
    ("2026-07-01", "2026-08-31"),
    ("2026-09-01", "2026-09-30"),
    ("2026-10-01", ""),
]


@pytest.fixture
def staff(settings):
    """The demo's staff accounts, with the two-step sign-in on."""
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    accounts_demo.load()
    return {user.email.split("@")[0]: user for user in User.objects.filter(is_staff=True)}


def sign_in_to_staff_home(page, user, *, language: str = "fr") -> None:
    """Password, authenticator code, then "My account" → the staff home, as a person would."""
    device, _codes = enrolled(user)
    device.last_t = -1  # the code that confirmed the device may not be used again
    device.save(update_fields=["last_t"])
    page.goto(f"/{language}/account/sign-in/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", accounts_demo.DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"/{language}/account/")
    page.wait_for_url(f"**/{language}/account/two-step/**")
    page.fill("input[name=token]", totp_now(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{language}/account/")
    page.get_by_role("link", name="Accueil du personnel : ce qui vous attend").click()
    page.wait_for_url(f"**/{language}/staff/")


def _fill_process(page) -> None:
    fields = {
        "slug": "plan-5",
        "title_en": "Canada's 5th Plan on Open Government",
        "title_fr": "5e Plan du Canada pour un gouvernement ouvert",
        "summary_en": "Help us build the plan.",
        "summary_fr": "Aidez-nous à bâtir le plan.",
        "privacy_purpose_en": "To build the plan with you.",
        "privacy_purpose_fr": "Pour bâtir le plan avec vous.",
        "privacy_authority_en": "Section 7 of the Financial Administration Act.",
        "privacy_authority_fr": "Article 7 de la Loi sur la gestion des finances publiques.",
        "privacy_contact_en": "Privacy coordinator.",
        "privacy_contact_fr": "Coordonnateur de la protection des renseignements personnels.",
        "starts_on": "2026-01-05",
        "ends_on": "2028-06-30",
    }
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    for kind, (starts, ends) in zip(Phase.Kind.values, PHASE_DATES, strict=True):
        page.fill(f"#id_phase-{kind}-purpose_en", f"What the {kind} phase is for.")
        page.fill(f"#id_phase-{kind}-purpose_fr", f"À quoi sert la phase ({kind}).")
        page.fill(f"#id_phase-{kind}-starts_on", starts)
        page.fill(f"#id_phase-{kind}-ends_on", ends)


def test_the_administrator_builds_a_process_and_opens_a_call_for_ideas(page, staff, smtp_server):  # noqa: F811
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    sign_in_to_staff_home(page, staff["admin"])
    assert page.get_by_role("heading", name="Accueil du personnel", exact=True).is_visible()
    assert_accessible(page)
    screenshot(page, "backoffice-home-administrator-fr")

    # Processes, then a new one with its six phases; a phase out of order is refused first.
    page.get_by_role("navigation", name="Menu du personnel").get_by_role(
        "link", name="Processus"
    ).click()
    page.get_by_role("link", name="Créer un processus").click()
    assert_accessible(page)
    _fill_process(page)
    page.fill("#id_phase-review-starts_on", "2026-04-15")
    page.get_by_role("button", name="Créer le processus").click()
    summary = page.locator("#error-summary")
    assert "commence avant la phase qui la précède" in summary.inner_text()
    assert not Process.objects.filter(slug="plan-5").exists()
    assert_accessible(page)
    screenshot(page, "backoffice-process-create-error-fr")
    page.fill("#id_phase-review-starts_on", PHASE_DATES[3][0])
    page.get_by_role("button", name="Créer le processus").click()
    page.wait_for_url("**/fr/staff/processes/plan-5/")
    process = Process.objects.get(slug="plan-5")
    assert process.phases.count() == 6
    assert_accessible(page)
    screenshot(page, "backoffice-process-fr")

    # A subscriber to this process's news confirms by email.
    reader = Client()
    reader.post(
        "/fr/subscriptions/",
        {
            "email": "lectrice@example.org",
            "process": process.slug,
            "kinds": ["opportunity_opened"],
            "language": "fr",
            "frequency": "immediate",
            "website": "",
        },
    )
    link = re.search(
        r"https?://\S+/confirm/\S+/", body_text(smtp_server.to("lectrice@example.org")[-1])
    )
    assert reader.get("/" + link.group(0).split("://", 1)[1].split("/", 1)[1]).status_code == 200

    # A call for ideas, then opened now: the subscriber hears of it.
    page.get_by_role("link", name="Ajouter une occasion de participation").click()
    development = process.phases.get(kind="development")
    page.select_option("#id_phase", str(development.pk))
    page.select_option("#id_kind", "ideas")
    page.fill("#id_slug", "idees")
    page.fill("#id_title_en", "Share your ideas")
    page.fill("#id_title_fr", "Proposez vos idées")
    page.fill("#id_description_en", "What should the plan do?")
    page.fill("#id_description_fr", "Que devrait faire le plan?")
    page.fill("#id_closes_at", "2030-04-30T17:00")
    page.select_option("#id_voice_rule", "confirmed_email")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l’occasion").click()
    page.get_by_role("button", name="Ouvrir maintenant").click()
    page.wait_for_selector("text=L’occasion de participation est ouverte.")
    opportunity = Opportunity.objects.get(phase=development, slug="idees")
    assert opportunity.status == "open" and opportunity.is_accepting_input()
    assert_accessible(page)
    screenshot(page, "backoffice-opportunity-open-fr")
    news = smtp_server.to("lectrice@example.org")[1:]
    assert len(news) == 1 and "Proposez vos idées" in news[0]["Subject"]
    assert not [url for url in visited if "/admin/" in url]


@pytest.fixture
def waiting(staff):
    """A process with an open call for ideas, one idea to moderate and one to code."""
    process = ProcessFactory()
    ensure_codebook(process)
    ideas = OpportunityFactory(
        phase=process.phases.get(kind="development"), kind="ideas", status="open"
    )
    pending = ContributionFactory(opportunity=ideas, moderation_state=ModerationState.PENDING)
    published = ContributionFactory(opportunity=ideas)
    return {"process": process, "pending": pending, "published": published}


def test_the_moderator_and_the_analyst_start_from_their_staff_home(page, staff, waiting):
    sign_in_to_staff_home(page, staff["moderator"])
    assert_accessible(page)
    screenshot(page, "backoffice-home-moderator-fr")
    page.get_by_role("link", name="1 contribution en attente de modération").click()
    page.check(f"#select-{waiting['pending'].pk}")
    page.select_option("select[name=action]", "approve")
    page.click("#decision-form button[type=submit]")
    page.wait_for_load_state()
    pending = Contribution.objects.get(pk=waiting["pending"].pk)
    assert pending.moderation_state == ModerationState.PUBLISHED
    page.context.clear_cookies()  # the next person, on the same computer

    sign_in_to_staff_home(page, staff["analyst"])
    assert_accessible(page)
    screenshot(page, "backoffice-home-analyst-fr")
    page.get_by_role("link", name=re.compile("2 contributions pas encore codées")).click()
    page.wait_for_url("**/analysis/staff/**state=uncoded**")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_selector("#coding-form")
    heading = page.locator("h1").inner_text()
    page.keyboard.press("1")  # the first theme
    page.keyboard.press("d")  # disposition: the first real choice
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")  # save, and on to the next one
    page.wait_for_function("h => document.querySelector('h1').innerText !== h", arg=heading)
    coded = Coding.objects.filter(confirmed=True, contribution__process=waiting["process"])
    assert coded.count() == 1
    screenshot(page, "backoffice-analyst-coded-fr")


def test_the_administrator_adds_a_questionnaire_and_a_session(page, staff):
    visited = []
    page.on("request", lambda request: visited.append(request.url))
    process = ProcessFactory(
        starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2030, 12, 31)
    )
    planning = process.phases.get(kind="planning")
    OpportunityFactory(phase=planning, kind="questionnaire", slug="priorites")
    sessions = OpportunityFactory(phase=planning, kind="sessions", slug="seances")
    sign_in_to_staff_home(page, staff["admin"])
    page.get_by_role("link", name="Phases et occasions de participation").first.click()

    # A questionnaire and its first question, choices in both languages.
    page.get_by_role("link", name="Ajouter un questionnaire").click()
    page.fill("#id_slug", "priorites")
    page.fill("#id_title_en", "Your priorities")
    page.fill("#id_title_fr", "Vos priorités")
    page.get_by_role("button", name="Enregistrer le questionnaire").click()
    page.get_by_role("link", name="Ajouter une question").click()
    page.fill("#id_text_en", "Which topic matters most?")
    page.fill("#id_text_fr", "Quel sujet compte le plus?")
    page.select_option("#id_kind", "single")
    page.fill("#id_choice-1-label_en", "Open data")
    page.fill("#id_choice-1-label_fr", "Données ouvertes")
    page.fill("#id_choice-2-label_en", "Open budget")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la question").click()
    message = "Le choix 2 doit avoir son texte en anglais et en français."
    assert message in page.locator("main").inner_text()
    screenshot(page, "backoffice-question-error-fr")
    page.fill("#id_choice-2-label_fr", "Budget ouvert")
    page.get_by_role("button", name="Enregistrer la question").click()
    page.wait_for_selector("text=La question est enregistrée.")
    assert_accessible(page)
    screenshot(page, "backoffice-questionnaire-fr")
    question = Question.objects.get(questionnaire__slug="priorites")
    assert list(question.choices.values_list("label_fr", flat=True)) == [
        "Données ouvertes",
        "Budget ouvert",
    ]

    # A session in Halifax, at Halifax time.
    page.get_by_role("link", name=process.title_fr).click()
    page.get_by_role("link", name="Ajouter une séance").click()
    page.select_option("#id_opportunity", str(sessions.pk))
    page.fill("#id_title_en", "Halifax round table")
    page.fill("#id_title_fr", "Table ronde à Halifax")
    page.fill("#id_description_en", "Come and talk.")
    page.fill("#id_description_fr", "Venez en parler.")
    page.select_option("#id_time_zone", "America/Halifax")
    page.fill("#id_starts_at", "2030-03-04T18:30")
    page.fill("#id_ends_at", "2030-03-04T20:30")
    page.fill("#id_city", "Halifax")
    page.select_option("#id_province", "NS")
    page.fill("#id_capacity", "40")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la séance").click()
    page.wait_for_selector("text=La séance est enregistrée.")
    screenshot(page, "backoffice-session-fr")
    event = Event.objects.get(opportunity=sessions)
    assert event.capacity == 40 and event.city == "Halifax"
    assert not [url for url in visited if "/admin/" in url]
