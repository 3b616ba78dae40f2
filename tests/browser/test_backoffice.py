"""The back office in a real browser, in French (issue 20's "done when"): the demo administrator
passes the two-step sign-in and, without visiting /admin/, creates a process with its six
phases, a questionnaire and a session, and opens a call for ideas (a subscriber receives the
"opened" email); a member of the public sends an idea; the moderator approves it and the analyst
codes it, each starting from their staff home. Then the administrator keeps the settings
(dispositions, roles). axe-core checks every page; screenshots in var/screenshots/.

Only the demo's people and roles are used: everything else is made here, through the pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from coplan.accounts import roles
from coplan.accounts.models import RoleChange, User
from coplan.analysis.models import Coding, Disposition
from coplan.contributions.models import Contribution, ModerationState
from coplan.events.models import Event
from coplan.processes.models import Opportunity, Phase, Process
from coplan.surveys.models import Question
from tests.browser.conftest import PASSWORD, assert_accessible, screenshot, sign_in_to_staff_home
from tests.contributions.helpers import idea_post
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401
from tests.processes.factories import ProcessFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHASE_DATES = [
    ("2026-01-05", "2026-02-27"),
    ("2026-01-05", "2026-04-30"),
    ("2026-05-01", "2026-06-30"),
    ("2026-07-01", "2026-08-31"),
    ("2026-09-01", "2026-09-30"),
    ("2026-10-01", ""),
]


def _staff_menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Menu du personnel").get_by_role(
        "link", name=name, exact=True
    ).click()


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
        "ends_on": "2030-06-30",
    }
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    for kind, (starts, ends) in zip(Phase.Kind.values, PHASE_DATES, strict=True):
        page.fill(f"#id_phase-{kind}-purpose_en", f"What the {kind} phase is for.")
        page.fill(f"#id_phase-{kind}-purpose_fr", f"À quoi sert la phase ({kind}).")
        page.fill(f"#id_phase-{kind}-starts_on", starts)
        page.fill(f"#id_phase-{kind}-ends_on", ends)


def _add_opportunity(page, process, *, phase: str, kind: str, slug: str, titles) -> Opportunity:
    """From the process page: a new opportunity, saved (to be announced)."""
    page.get_by_role("link", name="Ajouter une occasion de participation").click()
    page.select_option("#id_phase", str(process.phases.get(kind=phase).pk))
    page.select_option("#id_kind", kind)
    page.fill("#id_slug", slug)
    page.fill("#id_title_en", titles[0])
    page.fill("#id_title_fr", titles[1])
    page.fill("#id_description_en", f"{titles[0]}: how to take part.")
    page.fill("#id_description_fr", f"{titles[1]} : comment participer.")
    page.fill("#id_closes_at", "2030-04-30T17:00")
    page.check("#id_allows_anonymous")
    page.get_by_role("button", name="Enregistrer l’occasion").click()
    page.wait_for_selector("text=L’occasion de participation est enregistrée.")
    return Opportunity.objects.get(phase__process=process, slug=slug)


def _back_to_process(page, process) -> None:
    page.locator("nav.breadcrumbs").get_by_role("link", name=process.title_fr).click()
    page.wait_for_url(f"**/fr/staff/processes/{process.slug}/")


def test_a_new_process_is_run_from_the_back_office_by_each_role(page, staff, smtp_server):  # noqa: F811
    visited = []
    page.on("request", lambda request: visited.append(request.url))

    # The administrator: staff home, then a new process with its six phases; a phase out of
    # order is refused first, nothing stored.
    sign_in_to_staff_home(page, staff[roles.ADMINISTRATOR])
    assert page.get_by_role("heading", name="Accueil du personnel", exact=True).is_visible()
    assert_accessible(page)
    screenshot(page, "backoffice-home-administrator-fr")
    _staff_menu(page, "Processus")
    page.get_by_role("link", name="Créer un processus").click()
    assert_accessible(page)
    _fill_process(page)
    page.fill("#id_phase-review-starts_on", "2026-04-15")
    page.get_by_role("button", name="Créer le processus").click()
    assert "commence avant la phase qui la précède" in page.locator("#error-summary").inner_text()
    assert page.title().startswith("Erreur")
    assert not Process.objects.filter(slug="plan-5").exists()
    assert_accessible(page)
    screenshot(page, "backoffice-process-create-error-fr")
    page.fill("#id_phase-review-starts_on", PHASE_DATES[3][0])
    page.get_by_role("button", name="Créer le processus").click()
    page.wait_for_url("**/fr/staff/processes/plan-5/")
    process = Process.objects.get(slug="plan-5")
    assert list(process.phases.order_by("position").values_list("kind", flat=True)) == list(
        Phase.Kind.values
    )
    assert_accessible(page)
    screenshot(page, "backoffice-process-fr")

    # A questionnaire on its own opportunity: the questionnaire, then a question whose second
    # choice lacks its French (refused), then corrected.
    _add_opportunity(
        page,
        process,
        phase="planning",
        kind="questionnaire",
        slug="priorites",
        titles=("Your priorities", "Vos priorités"),
    )
    _back_to_process(page, process)
    page.get_by_role("link", name="Ajouter un questionnaire").click()
    page.select_option("#id_opportunity", str(Opportunity.objects.get(slug="priorites").pk))
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
    assert (
        "Le choix 2 doit avoir son texte en anglais et en français."
        in page.locator("main").inner_text()
    )
    screenshot(page, "backoffice-question-error-fr")
    page.fill("#id_choice-2-label_fr", "Budget ouvert")
    page.get_by_role("button", name="Enregistrer la question").click()
    page.wait_for_selector("text=La question est enregistrée.")
    # A second question by copying the first, moved above it with a plain button.
    page.get_by_role("button", name="Copier : question 1").click()
    page.wait_for_selector("text=La question est copiée")
    page.get_by_role("button", name="Monter : question 2").click()
    page.wait_for_selector("text=L’ordre des questions est enregistré.")
    assert_accessible(page)
    screenshot(page, "backoffice-questionnaire-fr")
    questions = Question.objects.filter(questionnaire__slug="priorites").order_by("position")
    assert questions.count() == 2
    assert list(questions[0].choices.values_list("label_fr", flat=True)) == [
        "Données ouvertes",
        "Budget ouvert",
    ]

    # A session in Halifax, at Halifax time, on a sessions opportunity.
    _back_to_process(page, process)
    sessions = _add_opportunity(
        page,
        process,
        phase="planning",
        kind="sessions",
        slug="seances",
        titles=("In-person sessions", "Séances en personne"),
    )
    _back_to_process(page, process)
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

    # A call for ideas, opened now: the subscriber hears of it.
    _back_to_process(page, process)
    ideas = _add_opportunity(
        page,
        process,
        phase="development",
        kind="ideas",
        slug="idees",
        titles=("Share your ideas", "Proposez vos idées"),
    )
    assert_accessible(page)
    page.get_by_role("button", name="Ouvrir maintenant").click()
    page.wait_for_selector("text=L’occasion de participation est ouverte.")
    ideas.refresh_from_db()
    assert ideas.status == "open" and ideas.is_accepting_input()
    assert_accessible(page)
    screenshot(page, "backoffice-opportunity-open-fr")
    news = smtp_server.to("lectrice@example.org")[1:]
    assert len(news) == 1 and "Proposez vos idées" in news[0]["Subject"]
    assert not [url for url in visited if "/admin/" in url]

    # A member of the public sends an idea; it waits for moderation.
    public = Client()
    ideas_url = f"/fr/participate/{process.slug}/{ideas.slug}/ideas/"
    assert idea_post(public, ideas_url).status_code == 302
    idea = Contribution.objects.get(opportunity=ideas)
    assert idea.moderation_state == ModerationState.PENDING
    page.context.clear_cookies()  # the next person, on the same computer

    # The moderator approves it from their staff home.
    sign_in_to_staff_home(page, staff[roles.MODERATOR])
    assert_accessible(page)
    screenshot(page, "backoffice-home-moderator-fr")
    page.get_by_role("link", name="1 contribution en attente de modération").click()
    page.check(f"#select-{idea.pk}")
    page.select_option("select[name=action]", "approve")
    page.click("#decision-form button[type=submit]")
    page.wait_for_load_state()
    idea.refresh_from_db()
    assert idea.moderation_state == ModerationState.PUBLISHED
    assert_accessible(page)
    page.context.clear_cookies()

    # The analyst: a theme in the process's codebook and a disposition to choose from, then
    # the idea coded from their staff home, with the keyboard.
    sign_in_to_staff_home(page, staff[roles.ANALYST])
    assert_accessible(page)
    screenshot(page, "backoffice-home-analyst-fr")
    _staff_menu(page, "Paramètres")
    page.get_by_role("link", name="Suites données").click()
    page.get_by_role("link", name="Ajouter une suite donnée").click()
    page.fill("#id_code", "retenue")
    page.fill("#id_name_en", "Included in the plan")
    page.fill("#id_name_fr", "Retenue dans le plan")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("text=Modifications enregistrées : « Retenue dans le plan ».")
    assert_accessible(page)
    screenshot(page, "backoffice-dispositions-fr")
    assert Disposition.objects.filter(code="retenue").exists()
    _staff_menu(page, "Accueil du personnel")
    uncoded = re.compile("1 contribution pas encore codée")
    page.get_by_role("link", name=uncoded).click()
    page.get_by_role("navigation", name="Analyse").get_by_role(
        "link", name="Grille de codage"
    ).click()
    page.fill("#id_code", "donnees-ouvertes")
    page.fill("#id_name_en", "Open data")
    page.fill("#id_name_fr", "Données ouvertes")
    page.get_by_role("button", name="Ajouter le thème").click()
    page.wait_for_load_state()
    _staff_menu(page, "Accueil du personnel")
    page.get_by_role("link", name=uncoded).click()
    page.wait_for_url("**/analysis/staff/**state=uncoded**")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_selector("#coding-form")
    assert_accessible(page)
    page.keyboard.press("1")  # the first theme
    page.keyboard.press("d")  # disposition: the first real choice
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    screenshot(page, "backoffice-analyst-coding-fr")
    page.keyboard.press("Control+Enter")  # save
    page.wait_for_selector(f"text=Contribution {idea.pk} enregistrée")
    coded = Coding.objects.filter(confirmed=True, contribution=idea)
    assert coded.count() == 1 and coded.get().theme.code == "donnees-ouvertes"
    screenshot(page, "backoffice-analyst-coded-fr")
    assert not [url for url in visited if "/admin/" in url]


def test_the_administrator_gives_a_role_and_keeps_the_mailboxes(page, staff):
    """Settings in the browser: a participant becomes an analyst (recorded); a mailbox is
    added without any password field."""
    newcomer = User.objects.create_user(email="nouvelle.analyste@example.ca", password=PASSWORD)
    ProcessFactory(slug="plan-6")
    sign_in_to_staff_home(page, staff[roles.ADMINISTRATOR])
    _staff_menu(page, "Paramètres")
    assert_accessible(page)
    screenshot(page, "backoffice-settings-fr")
    page.get_by_role("link", name="Personnel et rôles").click()
    page.fill("#id_email", "personne@example.ca")
    page.get_by_role("button", name="Trouver le compte").click()
    assert "Aucun compte n’a cette adresse" in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    page.fill("#id_email", newcomer.email)
    page.get_by_role("button", name="Trouver le compte").click()
    page.wait_for_url(f"**/fr/staff/settings/people/{newcomer.pk}/")
    page.get_by_label("Analyste").check()
    page.get_by_role("button", name="Enregistrer les rôles").click()
    page.wait_for_selector("text=Les rôles sont enregistrés.")
    assert_accessible(page)
    screenshot(page, "backoffice-person-roles-fr")
    assert RoleChange.objects.filter(user=newcomer, role="analyst", action="granted").exists()
    newcomer.refresh_from_db()
    assert newcomer.is_staff and newcomer.has_perm("analysis.code")

    page.get_by_role("link", name="Paramètres").first.click()
    page.get_by_role("link", name="Boîtes aux lettres").click()
    page.get_by_role("link", name="Ajouter une boîte aux lettres").click()
    assert page.locator("input[type=password]").count() == 0
    page.fill("#id_label", "Boîte de la consultation")
    page.fill("#id_host", "imap.example.org")
    page.fill("#id_username", "consultation")
    page.fill("#id_password_env", "mot de passe")
    page.get_by_role("button", name="Enregistrer la boîte aux lettres").click()
    assert "majuscules" in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    screenshot(page, "backoffice-mailbox-error-fr")
    page.fill("#id_password_env", "COPLAN_CONSULTATION_PASSWORD")
    page.get_by_role("button", name="Enregistrer la boîte aux lettres").click()
    page.wait_for_selector("text=La boîte aux lettres est enregistrée.")
    assert_accessible(page)
    screenshot(page, "backoffice-mailbox-fr")
