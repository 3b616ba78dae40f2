"""The Content-Security-Policy blocks nothing on real pages (public, staff, admin), and the
two-step sign-in works in a real browser, in both languages."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from coplan.processes import demo as processes_demo
from tests.accounts.factories import TEST_PASSWORD, staff_with_role
from tests.browser.conftest import assert_accessible, screenshot
from tests.security.helpers import totp_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber
  );
});
"""


@pytest.fixture
def watched_page(page):
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.console_violations = console
    return page


def violations(page) -> list[str]:
    page.wait_for_load_state("load")
    return page.evaluate("window.__csp || []") + page.console_violations


@pytest.fixture
def demo():
    from io import StringIO

    call_command("demo", stdout=StringIO())
    return processes_demo.load()


def test_public_pages_raise_no_csp_violation(watched_page, demo):
    page = watched_page
    paths = [
        "/en/",
        "/fr/",
        f"/en/processes/{demo.slug}/",
        f"/fr/processes/{demo.slug}/",
        "/en/account/sign-in/",
        "/fr/account/register/",
        "/en/account/password-reset/",
        "/en/no-such-page/",
    ]
    for path in paths:
        page.goto(path)
        assert violations(page) == [], path
    # Links from the process page (every app's public pages that exist now).
    page.goto(f"/en/processes/{demo.slug}/")
    hrefs = page.eval_on_selector_all(
        "main a[href^='/en/']", "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    for href in hrefs[:25]:
        if any(
            part in href for part in ("export", ".csv", ".pdf", ".json", ".ics", "feed", "download")
        ):
            continue
        page.goto(href)
        assert violations(page) == [], href


def test_two_step_sign_in_then_admin_without_csp_violation(watched_page, settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    page = watched_page
    administrator = staff_with_role("administrator", is_superuser=True)
    page.goto("/fr/account/sign-in/")
    page.get_by_label("Adresse courriel").fill(administrator.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/fr/admin/")
    page.wait_for_url("**/fr/account/two-step/set-up/**")
    # The password alone shows no secret: the set-up link goes to the account's address.
    assert page.locator(".qr-code svg").count() == 0
    assert violations(page) == []
    assert_accessible(page)
    screenshot(page, "security-mfa-enrol-request-fr")
    page.get_by_role("button", name="M’envoyer le lien de configuration par courriel").click()
    page.wait_for_load_state("load")
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/two-step/set-up/" in line)
    page.goto("/" + line.split("://", 1)[1].split("/", 1)[1])
    assert page.locator(".qr-code svg").count() == 1
    assert violations(page) == []
    assert_accessible(page)
    screenshot(page, "security-mfa-enrol-fr")
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    page.get_by_label("Code").fill(totp_now(device))
    page.get_by_role("button", name="Activer la connexion en deux étapes").click()
    page.wait_for_url("**/fr/account/two-step/recovery-codes/**")
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    screenshot(page, "security-recovery-codes-fr")
    page.get_by_role("link", name="J’ai conservé mes codes : continuer").click()
    page.wait_for_url("**/fr/admin/")
    for path in [
        "/en/admin/",
        "/en/admin/accounts/user/",
        "/en/admin/auth/group/add/",
        "/en/admin/core/staffaction/",
    ]:
        page.goto(path)
        assert violations(page) == [], path
    screenshot(page, "security-audit-log-en")


def test_verification_page_in_english(watched_page, settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    from tests.security.helpers import enrolled

    page = watched_page
    moderator = staff_with_role("moderator")
    device, _ = enrolled(moderator)
    device.last_t = -1
    device.save(update_fields=["last_t"])
    page.goto("/en/account/sign-in/")
    page.get_by_label("Email address").fill(moderator.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/en/account/")
    page.wait_for_url("**/en/account/two-step/**")
    assert_accessible(page)
    screenshot(page, "security-mfa-verify-en")
    page.get_by_label("Code").fill(totp_now(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/en/account/")
    assert violations(page) == []


def test_passkey_set_up_from_the_emailed_link_then_used_as_second_step(
    watched_page, settings, live_server
):
    """A real browser with a virtual authenticator: the set-up link's page registers a passkey
    (then the recovery codes), and the next sign-in passes its second step with it; no CSP
    violation, accessible, in French."""
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    settings.COPLAN_PASSKEYS = True
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    page = watched_page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    moderator = staff_with_role("moderator")

    def sign_in_with_password():
        page.goto("/fr/account/sign-in/")
        page.get_by_label("Adresse courriel").fill(moderator.email)
        page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.goto("/fr/admin/")

    sign_in_with_password()
    page.wait_for_url("**/fr/account/two-step/set-up/**")
    page.get_by_role("button", name="M’envoyer le lien de configuration par courriel").click()
    page.wait_for_load_state("load")
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/two-step/set-up/" in line)
    page.goto("/" + line.split("://", 1)[1].split("/", 1)[1])
    page.get_by_role("button", name="Configurer une clé d’accès").click()
    page.wait_for_url("**/fr/account/two-step/recovery-codes/**")
    assert page.locator(".recovery-codes li").count() == 10
    assert violations(page) == []
    page.get_by_role("link", name="J’ai conservé mes codes : continuer").click()
    page.wait_for_url("**/fr/admin/")

    page.context.clear_cookies()
    sign_in_with_password()
    page.wait_for_url("**/fr/account/two-step/**")
    assert_accessible(page)
    screenshot(page, "security-passkey-verify-fr")
    page.get_by_role("button", name="Utiliser ma clé d’accès").click()
    page.wait_for_url("**/fr/admin/")
    assert violations(page) == []


def test_a_paused_account_signs_in_with_an_emailed_link(watched_page, settings):
    """After guesses from elsewhere pause password sign-in, the owner follows the offer of an
    emailed link in a real browser; every page accessible, in French."""
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "sign_in_account": "1/900"}
    from django.test import Client

    from tests.accounts.factories import UserFactory

    person = UserFactory()
    Client().post("/fr/account/sign-in/", {"username": person.email, "password": "wrong"})
    page = watched_page
    page.goto("/fr/account/sign-in/")
    page.get_by_label("Adresse courriel").fill(person.email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    screenshot(page, "security-sign-in-paused-fr")
    page.get_by_role("link", name="M’envoyer un lien de connexion par courriel").click()
    page.get_by_label("Adresse courriel").fill(person.email)
    page.get_by_role("button", name="Envoyer le lien").click()
    page.wait_for_url("**/fr/account/sign-in/link/sent/")
    assert_accessible(page)
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/sign-in/link/" in line)
    page.goto("/" + line.split("://", 1)[1].split("/", 1)[1])
    assert_accessible(page)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/fr/account/")
    assert violations(page) == []
