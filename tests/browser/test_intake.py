"""Intake in a real browser: a moderator passes the two-step sign-in, sees the runs and the
mailboxes, uploads notes (French) and a social-media export (English), follows each to its
progress page, and finds the imports on the list with their rejects to download."""

from __future__ import annotations

import pytest

from coplan.contributions.models import Contribution
from coplan.intake import demo as intake_demo
from coplan.intake.models import ImportRun, Mailbox
from coplan.processes import demo as processes_demo
from tests.accounts.factories import TEST_PASSWORD, staff_with_role
from tests.browser.conftest import assert_accessible, screenshot
from tests.security.helpers import enrolled, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = (
    "Table ou sujet,Animatrice,Date,Texte\n"
    "Données ouvertes,Animatrice B,2017-11-22,"
    "Publier un calendrier des jeux de données promis\n"
    "Budget,Animatrice B,2017-11-22,\n"
)
POSTS = (
    "Network,Ref,Who,Words,When\n"
    "mastodon,1,@ana,Please publish the lobbying registry as open data,2017-12-01T10:00:00Z\n"
    "mastodon,2,@ben,Le budget devrait être publié en données ouvertes,2017-12-02T10:00:00Z\n"
)


@pytest.fixture
def demo():
    process = processes_demo.load()
    intake_demo.load()
    Mailbox.objects.create(
        process=process,
        label="Consultation inbox",
        host="imap.example.org",
        username="consultation",
        password_env="COPLAN_MAILBOX_PASSWORD",
        failure_count=3,
        last_error="The server refused the user name or password.",
    )
    return process


def two_step_sign_in(page, user, *, language: str) -> None:
    """Password, then the authenticator's code, through the real pages."""
    device, _codes = enrolled(user)
    device.last_t = -1  # the code that confirmed the device may not be used again
    device.save(update_fields=["last_t"])
    page.goto(f"/{language}/account/sign-in/")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"/{language}/staff/intake/")
    page.wait_for_url(f"**/{language}/account/two-step/**")
    page.fill("input[name=token]", totp_now(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{language}/staff/intake/")


def test_moderator_imports_notes_in_french_and_posts_in_english(page, demo, settings, tmp_path):
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    moderator = staff_with_role("moderator")
    two_step_sign_in(page, moderator, language="fr")

    # The runs of the demo (email, social, notes of each process) and the failing mailbox.
    assert page.get_by_role("heading", name="Importations", exact=True).is_visible()
    rows = page.locator("table").nth(1).locator("tbody tr")
    assert rows.count() == 6
    assert "En échec (3 fois de suite)" in page.locator("table").first.inner_text()
    assert_accessible(page)
    screenshot(page, "intake-index-fr")

    # In-person notes, French headers: one note imports, the empty one is a reject.
    page.get_by_role("link", name="Importer des notes de séances en personne").click()
    assert_accessible(page)
    screenshot(page, "intake-notes-form-fr")
    page.get_by_label("Processus").select_option(str(demo.pk))
    notes = tmp_path / "notes.csv"
    notes.write_text(NOTES, encoding="utf-8")
    page.get_by_label("Fichier de notes").set_input_files(str(notes))
    page.get_by_role("button", name="Importer").click()
    page.wait_for_url("**/fr/staff/progress/**")
    assert "Importation de notes de séances en personne\u00a0: notes.csv" in page.inner_text("h1")
    assert "2 sur 2" in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "intake-progress-fr")
    run = ImportRun.objects.get(filename="notes.csv")
    assert (run.imported_count, run.rejected_count, run.imported_by) == (1, 1, moderator)
    note = Contribution.objects.get(provenance__run=run.pk)
    assert note.channel == "in_person" and note.language == "fr"
    assert note.moderation_state == "pending" and note.phase.kind == "development"

    # Back on the list: the new run with its rejects to download.
    page.goto("/fr/staff/intake/")
    link = page.get_by_role("link", name=f"Télécharger les rejets de l’importation {run.pk} (CSV)")
    with page.expect_download() as download:
        link.click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert content.splitlines()[0] == "message ou rangée,ligne,colonne,motif,extrait"
    assert "Budget" in content

    # A social-media export with its own column names, in English.
    page.goto("/en/staff/intake/import/social/")
    assert_accessible(page)
    page.get_by_label("Process").select_option(str(demo.pk))
    posts = tmp_path / "posts.csv"
    posts.write_text(POSTS, encoding="utf-8")
    page.get_by_label("Export file").set_input_files(str(posts))
    page.get_by_label("Column of the platform").fill("Network")
    page.get_by_label("Column of the post id").fill("Ref")
    page.get_by_label("Column of the author handle").fill("Who")
    page.get_by_label("Column of the text").fill("Words")
    page.get_by_label("Column of the time of the post").fill("When")
    screenshot(page, "intake-social-form-en")
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/en/staff/progress/**")
    assert "Social-media import: posts.csv" in page.inner_text("h1")
    assert "2 of 2 done" in page.inner_text("main")
    screenshot(page, "intake-progress-en")
    languages = dict(
        Contribution.objects.filter(
            channel="social", external_ref__startswith="mastodon:"
        ).values_list("external_ref", "language")
    )
    assert languages == {"mastodon:1": "en", "mastodon:2": "fr"}

    page.goto("/en/staff/intake/")
    assert "posts.csv" in page.locator("table").nth(1).inner_text()
    page.goto("/fr/staff/intake/")
    assert page.get_by_role("columnheader", name="Rejetés").is_visible()
    page.goto("/en/staff/intake/")
    assert "Failing (3 times in a row)" in page.locator("table").first.inner_text()
    assert_accessible(page)
    screenshot(page, "intake-index-en")


def test_a_wrong_file_gives_a_translated_error_not_a_run(page, demo, settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    administrator = staff_with_role("administrator")
    two_step_sign_in(page, administrator, language="en")
    page.goto("/en/staff/intake/import/notes/")
    page.get_by_label("Process").select_option(str(demo.pk))
    page.get_by_label("Notes file").set_input_files(
        {"name": "empty.csv", "mimeType": "text/csv", "buffer": b""}
    )
    page.get_by_role("button", name="Import").click()
    assert page.locator(".error-summary").is_visible()
    assert "The submitted file is empty." in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "intake-notes-error-en")
    assert not ImportRun.objects.filter(filename="empty.csv").exists()
