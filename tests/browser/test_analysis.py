"""The analyst's day in a real browser: code with the keyboard, adopt a theme, publish a report."""

from __future__ import annotations

import pytest

from coplan.analysis import services
from coplan.analysis.demo import ensure_codebook
from coplan.analysis.models import Coding, ContributionAssessment, Report, Theme
from tests.accounts.factories import staff_with_role
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.processes.factories import ProcessFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workspace():
    """A process with the demo codebook, 160 contributions of which 120 are coded."""
    process = ProcessFactory()
    themes = ensure_codebook(process)
    rows = corpus_rows()[::3][:160]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions[:120], rows[:120], themes)
    services.suggestions_train(process=process)
    services.topics_discover(process=process, seed=1, topics=3)
    return process


def test_code_five_with_the_keyboard_adopt_and_publish_the_report(page, workspace):
    analyst = staff_with_role("analyst")
    sign_in(page, analyst)
    page.goto(f"/en/analysis/staff/{workspace.slug}/?state=uncoded")
    assert page.locator("#model-quality").is_visible()
    assert_accessible(page)
    screenshot(page, "analysis-queue-en")
    coded_before = Coding.objects.filter(confirmed=True).values("contribution").distinct().count()

    # Keyboard only: j focuses the first row, Enter opens it; then code five in a row.
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_selector("#coding-form")
    assert_accessible(page)
    screenshot(page, "analysis-code-en")
    for number in range(5):
        heading = page.locator("h1").inner_text()
        page.keyboard.press("a")  # accept every suggestion
        page.keyboard.press("1")  # and tick the first theme
        page.keyboard.press("d")  # disposition: the first real choice
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Escape")  # leave the list
        page.keyboard.press("n")  # a note, then leave the text box
        page.keyboard.type(f"Keyboard note {number}")
        page.keyboard.press("Control+Enter")
        page.wait_for_function("h => document.querySelector('h1').innerText !== h", arg=heading)
    coded_after = Coding.objects.filter(confirmed=True).values("contribution").distinct().count()
    assert coded_after == coded_before + 5
    notes = ContributionAssessment.objects.filter(note__startswith="Keyboard note")
    assert notes.count() == 5
    assert all(a.disposition_id for a in notes)

    # Adopt a candidate theme found by theme discovery.
    page.goto(f"/en/analysis/staff/{workspace.slug}/topics/")
    assert_accessible(page)
    screenshot(page, "analysis-topics-en")
    page.locator("details summary").first.click()
    page.locator("input[name$='-code']").first.fill("emerging")
    page.locator("input[name$='-name_en']").first.fill("Emerging theme")
    page.locator("input[name$='-name_fr']").first.fill("Thème émergent")
    page.locator("details button[type=submit]").first.click()
    page.wait_for_selector("text=Emerging theme")
    assert Theme.objects.filter(code="emerging", process=workspace).exists()

    # Generate the report, publish it, read it in French, download the PDF.
    page.goto(f"/en/analysis/staff/{workspace.slug}/reports/")
    page.click("#generate-report")
    page.click("#publish-report")
    report = Report.objects.get(process=workspace)
    assert report.status == "published"
    page.goto(f"/en/analysis/reports/{report.pk}/")
    assert_accessible(page)
    screenshot(page, "analysis-report-en")
    page.click("a.lang-toggle")
    page.wait_for_url(f"**/fr/analysis/reports/{report.pk}/")
    assert "Ce que nous avons entendu" in page.locator("h1").inner_text()
    assert_accessible(page)
    screenshot(page, "analysis-report-fr")
    with page.expect_download() as download_info:
        page.click("#pdf-link")
    download = download_info.value
    path = download.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"


def test_workspace_in_french_is_accessible(page, workspace):
    analyst = staff_with_role("analyst")
    sign_in(page, analyst)
    page.goto(f"/fr/analysis/staff/{workspace.slug}/")
    assert "Contributions à coder" in page.locator("h1").inner_text()
    assert_accessible(page)
    screenshot(page, "analysis-queue-fr")
    page.goto(f"/fr/analysis/staff/{workspace.slug}/codebook/")
    assert_accessible(page)
    screenshot(page, "analysis-codebook-fr")
