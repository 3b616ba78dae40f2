"""Access requests in a real browser: a link by email, the readable page, the JSON download,
withdrawing a pending contribution and asking for a correction, in English and French."""

from __future__ import annotations

import json
import re

import pytest

from coplan.contributions.models import Contribution, ContributorContact
from coplan.privacy.models import CorrectionRequest
from tests.browser.conftest import assert_accessible, screenshot
from tests.notifications.smtp import body_text, smtp_server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "send": "Send me a link",
        "sent": "Check your inbox",
        "download": "Download it all (JSON)",
        "withdraw": "Withdraw",
        "withdrawn": "Your contribution is withdrawn",
        "correct": "Send my correction request",
        "recorded": "Your correction request is recorded",
        "required": "This field is required.",
    },
    "fr": {
        "send": "M’envoyer un lien",
        "sent": "Consultez votre boîte de réception",
        "download": "Tout télécharger (JSON)",
        "withdraw": "Retirer",
        "withdrawn": "Votre contribution est retirée",
        "correct": "Envoyer ma demande de correction",
        "recorded": "Votre demande de correction est enregistrée",
        "required": "Ce champ est obligatoire.",
    },
}


def _contribute(process, text, state="pending"):
    contribution = Contribution.objects.create(
        process=process, kind="idea", text=text, moderation_state=state
    )
    ContributorContact.objects.create(
        contribution=contribution, name="Camille Tremblay", email="camille@example.org"
    )
    return contribution


@pytest.mark.parametrize("language", ["en", "fr"])
def test_access_by_email_link_download_withdraw_and_correct(
    page,
    process,
    smtp_server,  # noqa: F811
    language,
    tmp_path,
):
    text = TEXT[language]
    pending = _contribute(process, "More bike lanes near schools, please.")
    published = _contribute(process, "Publish budgets as open data.", state="published")

    page.goto(f"/{language}/privacy/my-data/")
    assert_accessible(page)
    screenshot(page, f"privacy-request-{language}")
    page.get_by_role("button", name=text["send"]).click()
    page.wait_for_selector("#error-summary")
    assert text["required"] in page.locator("#error-summary").inner_text()
    assert_accessible(page)
    page.fill("#id_email", "camille@example.org")
    page.get_by_role("button", name=text["send"]).click()
    page.wait_for_selector("h1")
    assert text["sent"] in page.locator("h1").inner_text()
    assert_accessible(page)
    screenshot(page, f"privacy-link-sent-{language}")

    # The link from the email: signed, expiring, without the address in it.
    (message,) = smtp_server.to("camille@example.org")
    link = re.search(r"https?://\S+/privacy/my-data/access/\S+/", body_text(message)).group(0)
    assert "camille" not in link and f"/{language}/" in link
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    main = page.locator("main").inner_text()
    assert "Camille Tremblay" in main and "More bike lanes" in main
    assert_accessible(page)
    screenshot(page, f"privacy-my-data-{language}")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=text["download"]).click()
    path = tmp_path / "data.json"
    download_info.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    contacts = data["records"]["contributions.ContributorContact"]["records"]
    assert {c["name"] for c in contacts} == {"Camille Tremblay"} and len(contacts) == 2
    assert {item["id"] for item in data["own_items"]} == {pending.pk, published.pk}

    # Only the pending contribution can be withdrawn: one button.
    buttons = page.get_by_role("button", name=re.compile("^" + text["withdraw"]))
    assert buttons.count() == 1
    buttons.first.click()
    page.wait_for_selector(".messages")
    assert text["withdrawn"] in page.locator(".messages").inner_text()
    assert_accessible(page)
    screenshot(page, f"privacy-withdrawn-{language}")
    pending.refresh_from_db()
    published.refresh_from_db()
    assert (pending.moderation_state, published.moderation_state) == ("withdrawn", "published")

    page.fill("#id_details", "Mon nom s’écrit Camille Tremblay-Roy.")
    page.get_by_role("button", name=text["correct"]).click()
    page.wait_for_selector(".messages")
    assert text["recorded"] in page.locator(".messages").inner_text()
    assert_accessible(page)
    screenshot(page, f"privacy-correction-{language}")
    correction = CorrectionRequest.objects.get()
    assert correction.email == "camille@example.org" and correction.language == language
