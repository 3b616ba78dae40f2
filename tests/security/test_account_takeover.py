"""Staff and participant accounts cannot be taken over (issue 17): every sign-in path has the
same limits; a second factor is set up only from a link sent to the account's email; guesses
from elsewhere do not lock the owner out; registration and password reset never tell whether
an address has an account."""

from __future__ import annotations

import ast
import inspect
import re
import textwrap
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.views import LoginView
from django.core import mail
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from coplan.accounts import views as accounts_views
from coplan.accounts.models import EmailLinkRequest
from tests.accounts.factories import TEST_PASSWORD, UserFactory, staff_with_role

from .helpers import enrolled, totp_now


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


def link_in(message, marker: str) -> str:
    """The path of the first link in an email whose path contains `marker`."""
    line = next(line for line in message.body.splitlines() if marker in line)
    return "/" + line.split("://", 1)[1].split("/", 1)[1]


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def sign_in(client, email: str, password: str = TEST_PASSWORD):
    return client.post("/en/account/sign-in/", {"username": email, "password": password})


# --- Every sign-in path has the site's limits ---------------------------------------------------


def _views(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, inner)
        else:
            yield f"{namespace}{pattern.name}", pattern.callback


SIGN_IN_CALLS = re.compile(r"^(auth_)?(login|authenticate)$")


def _sources(callback):
    """The source of a view: its function, or each class of a class-based view's ancestry
    outside Django itself (where a sign-in call may be inherited from a library)."""
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        target = inspect.unwrap(callback)
        yield getattr(target, "__func__", target)
        return
    for cls in view_class.__mro__:
        if cls is not object and not cls.__module__.startswith("django."):
            yield cls


def _authenticates(callback) -> bool:
    """A view signs people in if it is a LoginView or calls login() or authenticate()."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None and issubclass(view_class, LoginView):
        return True
    for target in _sources(callback):
        try:
            source = textwrap.dedent(inspect.getsource(target))
        except (OSError, TypeError):
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name and SIGN_IN_CALLS.match(name):
                    return True
    return False


def test_every_view_that_signs_people_in_is_a_known_limited_one():
    """A new sign-in path (a view calling login() or authenticate()) fails this test until it is
    listed here with its limits tested below; the admin's own login form is never reachable."""
    found = {
        name for name, callback in _views(get_resolver().url_patterns) if _authenticates(callback)
    }
    # The admin's login view is registered, but its URL resolves to the site's redirect first.
    assert resolve("/en/admin/login/").func is accounts_views.admin_sign_in
    assert found - {"admin:login"} == {
        "accounts:login",  # rate limited per client and per account (tests/accounts, below)
        "accounts:sign_in_link",  # a single-use emailed link, rate limited per client
        "accounts:register_finish",  # a single-use emailed link to a new address
        # A passkey as second factor only: refuses anyone not signed in (tests/security/
        # test_passkeys.py), limited like codes.
        "otp_webauthn:credential-authentication-complete",
    }


@pytest.mark.django_db
def test_admin_login_cannot_be_used_to_guess_passwords(client, settings):
    """30 wrong passwords then the right one through /admin/login/: none signs in; every one
    is sent to the site's sign-in, which has the limits."""
    administrator = staff_with_role("administrator", is_superuser=True)
    responses = [
        client.post(
            "/en/admin/login/?next=/en/admin/",
            {"username": administrator.email, "password": f"wrong {n}", "next": "/en/admin/"},
        )
        for n in range(30)
    ]
    responses.append(
        client.post(
            "/en/admin/login/",
            {"username": administrator.email, "password": TEST_PASSWORD, "next": "/en/admin/"},
        )
    )
    assert {r.status_code for r in responses} == {302}
    assert responses[0]["Location"] == "/en/account/sign-in/?next=/en/admin/"
    assert responses[-1]["Location"] == "/en/account/sign-in/"
    assert not signed_in(client)


@pytest.mark.django_db
def test_admin_sends_strangers_to_the_sites_sign_in_and_refuses_participants(client, user):
    response = client.get("/fr/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/fr/account/sign-in/?next=%2Ffr%2Fadmin%2F"
    client.force_login(user)
    # Signed in without the right: a 403, not a loop between the admin and the sign-in page.
    assert client.get("/fr/admin/login/?next=/fr/admin/").status_code == 403


# --- A second factor is set up only from the emailed link ---------------------------------------


def ask_for_enrolment_link(client, language: str = "en") -> str:
    mail.outbox.clear()
    response = client.post(f"/{language}/account/two-step/set-up/")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    return link_in(mail.outbox[0], "/two-step/set-up/")


@pytest.mark.django_db
def test_password_alone_cannot_set_up_an_authenticator(client, moderator):
    """Whoever knows the password of a staff account with no second factor yet gets no secret
    to scan: only a link sent to the account's address, which works once."""
    assert sign_in(client, moderator.email).status_code == 302
    page = client.get("/fr/account/two-step/set-up/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "qr-code" not in body and "secret-key" not in body
    assert not TOTPDevice.objects.filter(user=moderator).exists()
    # Any made-up link is refused.
    forged = client.get("/en/account/two-step/set-up/2a-0123456789abcdef/")
    assert forged.status_code == 400 and not TOTPDevice.objects.exists()
    link = ask_for_enrolment_link(client, "fr")
    assert mail.outbox[0].to == [moderator.email]
    assert "deux étapes" in mail.outbox[0].subject
    assert client.get(link).status_code == 200
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    confirmed = client.post(link, {"token": totp_now(device)})
    assert confirmed.status_code == 302
    assert confirmed["Location"].startswith("/fr/account/two-step/recovery-codes/")
    assert client.get("/en/admin/").status_code == 200
    # Used once: a device is now confirmed, so the same link is dead.
    again = client.get(link)
    assert again.status_code == 400 and "Ce lien ne fonctionne plus" in again.content.decode()


@pytest.mark.django_db
def test_an_enrolment_link_is_its_owners_alone_and_short_lived(
    client, moderator, analyst, settings
):
    sign_in(client, moderator.email)
    link = ask_for_enrolment_link(client)
    other = Client()
    sign_in(other, analyst.email)
    assert other.get(link).status_code == 400
    settings.COPLAN_MFA_ENROL_LINK_AGE = 600
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        assert client.get(link).status_code == 400
    assert not TOTPDevice.objects.exists()


@pytest.mark.django_db
def test_an_enrolment_link_does_not_replace_a_device_without_it(client, moderator):
    """Someone with the password and the mailbox but not the device cannot swap the device."""
    enrolled(moderator)
    sign_in(client, moderator.email)
    from coplan.accounts.tasks import mfa_enrol_link_send

    mfa_enrol_link_send.call(moderator.pk, "en", 1.0)
    link = link_in(mail.outbox[-1], "/two-step/set-up/")
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/en/account/two-step/"


@pytest.mark.django_db
def test_asking_for_enrolment_links_is_rate_limited(client, moderator, settings):
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "email_link": "2/900"}
    sign_in(client, moderator.email)
    codes = [client.post("/en/account/two-step/set-up/").status_code for _ in range(3)]
    assert codes == [302, 302, 429] and len(mail.outbox) == 2


# --- Guesses from elsewhere do not lock the owner out -------------------------------------------


@pytest.fixture
def small_account_budget(settings):
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "sign_in_account": "3/900"}


def attack(email: str, guesses: int = 6) -> list[int]:
    return [
        sign_in(Client(REMOTE_ADDR=f"198.51.100.{n}"), email, "wrong guess").status_code
        for n in range(guesses)
    ]


@pytest.mark.django_db
def test_the_owners_browser_still_signs_in_after_guesses_from_everywhere(
    user, small_account_budget
):
    """Guesses from many clients pause password sign-in for new browsers only: the browser the
    owner signed in from before keeps its own budget."""
    owner = Client(REMOTE_ADDR="192.0.2.10")
    assert sign_in(owner, user.email).status_code == 302
    owner.post("/en/account/sign-out/")
    codes = attack(user.email)
    assert codes[0] == 400 and codes[-3:] == [429, 429, 429]
    stranger = Client(REMOTE_ADDR="192.0.2.11")
    paused = sign_in(stranger, user.email)
    assert paused.status_code == 429 and not signed_in(stranger)
    assert "/en/account/sign-in/link/" in paused.content.decode()
    assert sign_in(owner, user.email).status_code == 302 and signed_in(owner)


@pytest.mark.django_db
def test_a_known_browser_cookie_helps_no_other_account(user, small_account_budget):
    """An attacker's own account's cookie (or a forged one) gives no budget on the victim's."""
    attacker = Client(REMOTE_ADDR="192.0.2.20")
    own = UserFactory()
    assert sign_in(attacker, own.email).status_code == 302
    attacker.post("/en/account/sign-out/")
    attack(user.email)
    assert sign_in(attacker, user.email, "wrong guess").status_code == 429
    attacker.cookies[accounts_views.KNOWN_BROWSER_COOKIE] = "forged:value"
    assert sign_in(attacker, user.email).status_code == 429


@pytest.mark.django_db
def test_a_known_browser_has_a_limit_of_its_own(user, settings):
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "sign_in_device": "2/900"}
    browser = Client()
    sign_in(browser, user.email)
    browser.post("/en/account/sign-out/")
    codes = [sign_in(browser, user.email, "wrong").status_code for _ in range(3)]
    assert codes == [400, 400, 429]


@pytest.mark.django_db
def test_a_paused_owner_signs_in_with_a_single_use_emailed_link(user, small_account_budget):
    attack(user.email)
    owner = Client(REMOTE_ADDR="192.0.2.30")
    assert sign_in(owner, user.email).status_code == 429
    asked = owner.post("/fr/account/sign-in/link/", {"email": user.email.upper()})
    assert asked.status_code == 302 and asked["Location"] == "/fr/account/sign-in/link/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    assert "Votre lien pour vous connecter" in mail.outbox[0].subject
    link = link_in(mail.outbox[0], "/sign-in/link/")
    # Opening the link (as a mail scanner would) signs nobody in; the button does.
    assert owner.get(link).status_code == 200 and not signed_in(owner)
    response = owner.post(link)
    assert response.status_code == 302 and signed_in(owner)
    owner.post("/fr/account/sign-out/")
    assert owner.post(link).status_code == 400 and not signed_in(owner)
    # From now on this browser is the owner's: the password works again here.
    assert sign_in(owner, user.email).status_code == 302


@pytest.mark.django_db
def test_a_sign_in_link_expires_and_reveals_no_account(user, settings):
    settings.COPLAN_SIGN_IN_LINK_AGE = 300
    known = Client().post("/en/account/sign-in/link/", {"email": user.email})
    unknown = Client().post("/en/account/sign-in/link/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1 and not EmailLinkRequest.objects.exists()
    link = link_in(mail.outbox[0], "/sign-in/link/")
    with time_machine.travel(timezone.now() + timedelta(seconds=301)):
        assert Client().post(link).status_code == 400


@pytest.mark.django_db
def test_staff_signed_in_by_link_still_pass_their_second_factor(moderator):
    enrolled(moderator)
    client = Client()
    client.post("/en/account/sign-in/link/", {"email": moderator.email})
    client.post(link_in(mail.outbox[0], "/sign-in/link/"))
    response = client.get("/en/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/en/account/two-step/")


@pytest.mark.django_db
def test_sign_in_links_are_rate_limited_per_address(user, settings):
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "email_link_account": "2/3600"}
    codes = [
        Client(REMOTE_ADDR=f"203.0.113.{n}")
        .post("/en/account/sign-in/link/", {"email": user.email})
        .status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429] and len(mail.outbox) == 2


# --- Password reset reveals nothing -------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_answers_alike_for_any_address(user):
    """Same status and page for an address with or without an account; only the owner gets a
    link, and the typed address is not kept once the email is sent."""
    known = Client().post("/fr/account/password-reset/", {"email": user.email})
    unknown = Client().post("/fr/account/password-reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert not EmailLinkRequest.objects.exists()
    bad = Client().post("/fr/account/password-reset/", {"email": "not an address"})
    assert bad.status_code == 400 and 'class="error-summary"' in bad.content.decode()


@pytest.mark.django_db
def test_after_set_up_the_person_goes_where_they_were_going(client, moderator):
    """The page the gate stopped them at is kept in the session while they fetch the link."""
    sign_in(client, moderator.email)
    gate = client.get("/en/admin/")
    assert gate["Location"] == "/en/account/two-step/set-up/?next=%2Fen%2Fadmin%2F"
    assert client.post(gate["Location"]).status_code == 302
    link = link_in(mail.outbox[0], "/two-step/set-up/")
    client.get(link)
    device = TOTPDevice.objects.get(user=moderator, confirmed=False)
    response = client.post(link, {"token": totp_now(device)})
    assert response["Location"] == "/en/account/two-step/recovery-codes/?next=%2Fen%2Fadmin%2F"


@pytest.mark.django_db
def test_an_administrator_invites_a_person_to_set_up_two_step_sign_in(client, moderator):
    """The invitation is the same emailed link, sent to the person's own address."""
    from .helpers import verified_session

    administrator = staff_with_role("administrator", is_superuser=True)
    verified_session(client, administrator)
    response = client.post(
        "/en/admin/accounts/user/",
        {"action": "send_two_step_set_up_link", "_selected_action": [moderator.pk]},
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    owner = Client()
    sign_in(owner, moderator.email)
    page = owner.get(link_in(mail.outbox[0], "/two-step/set-up/"))
    assert page.status_code == 200 and "qr-code" in page.content.decode()
