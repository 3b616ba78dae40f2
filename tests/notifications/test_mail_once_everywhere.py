"""Every transactional email goes through coplan.core.mail.send_once: session registrations,
volunteer replies, session proposals (to moderators, and the decision to the proposer), account
links (registration, sign-in, password reset, two-step set-up). For each kind: its task run twice
sends one message; a worker killed after SMTP took the message, run again, sends nothing more.

A scan of the package's source fails on any new place that hands mail to SMTP itself."""

from __future__ import annotations

import ast
import datetime
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

import coplan
from coplan.accounts.models import EmailLinkRequest
from coplan.accounts.tasks import email_link_send, mfa_enrol_link_send
from coplan.contributions.models import ModerationState
from coplan.core import mail as mail_once
from coplan.events.models import Registration, VolunteerOffer
from coplan.events.proposals import (
    proposal_decision_send,
    proposal_received_send,
    session_proposal_submit,
)
from coplan.events.tasks import registration_email_send
from coplan.events.volunteering import volunteer_reply_send
from tests.accounts.factories import UserFactory
from tests.conftest import staff_with_role
from tests.events.factories import EventFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

PACKAGE = Path(coplan.__file__).parent

# The only places that hand a message to SMTP: the one-message rule itself, and the
# announcements' sender, which claims and records each delivery (notifications.services).
SENDERS_ALLOWED = {
    ("core/mail.py", "send_once"),
    ("notifications/services.py", "deliveries_send"),
    ("notifications/services.py", "digests_send"),
}
SENDING_METHODS = {"send", "send_messages", "send_mail", "send_mass_mail"}
SENDING_FUNCTIONS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers"}


def _sending_calls(tree: ast.AST) -> list[tuple[str, int]]:
    """(enclosing function, line) of each call that may hand mail to SMTP."""
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name if function == "<module>" else function
            if isinstance(child, ast.Call):
                callee = child.func
                if (isinstance(callee, ast.Attribute) and callee.attr in SENDING_METHODS) or (
                    isinstance(callee, ast.Name) and callee.id in SENDING_FUNCTIONS
                ):
                    found.append((function, child.lineno))
            visit(child, name)

    visit(tree, "<module>")
    return found


def test_no_mail_is_sent_outside_the_once_only_paths():
    """A new `message.send()`, `send_mail(...)` or `connection.send_messages(...)` anywhere in
    the package fails here: route it through coplan.core.mail.send_once with a stable key."""
    bypasses = []
    seen_allowed = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/migrations/" in relative:
            continue
        for function, line in _sending_calls(ast.parse(path.read_text(), filename=str(path))):
            if (relative, function) in SENDERS_ALLOWED:
                seen_allowed.add((relative, function))
            else:
                bypasses.append(f"coplan/{relative}:{line} in {function}()")
    assert not bypasses, "Mail sent without coplan.core.mail.send_once:\n" + "\n".join(bypasses)
    # The scan does find sending calls (it would pass on nothing if it could not see them).
    assert seen_allowed == SENDERS_ALLOWED


def test_the_scan_sees_the_ways_of_sending():
    source = """
def a():
    EmailMessage(subject="x").send()
def b():
    send_mail("s", "b", None, ["x@example.org"])
def c():
    get_connection().send_messages([])
"""
    assert [function for function, _line in _sending_calls(ast.parse(source))] == ["a", "b", "c"]


class _WorkerDied(BaseException):
    """The worker killed between handing the message to SMTP and recording it as sent."""


def _registration() -> Callable[[], object]:
    registration = Registration.objects.create(
        event=EventFactory(),
        name="Alex",
        email="attendee@example.org",
        language="fr",
        status=Registration.Status.CONFIRMED,
    )
    at = registration.status_changed_at.timestamp()
    return lambda: registration_email_send.call(registration.pk, "confirmed", at)


def _volunteer_reply(process) -> Callable[[], object]:
    volunteer = VolunteerOffer.objects.create(
        process=process,
        role="facilitate",
        offer="Ten years of town halls.",
        name="Dominique",
        email="dominique@example.org",
        status="accepted",
        reply="Welcome aboard.",
        answered_at=timezone.now(),
    )
    return lambda: volunteer_reply_send.call(volunteer.pk)


def _proposal(process):
    phase = process.phases.get(kind="development")
    OpportunityFactory(phase=phase, kind="sessions", status="open", slug="sessions")
    start = timezone.now() + datetime.timedelta(days=20)
    # Outside a captured commit: the emails it queues are not sent here, the test sends them.
    return session_proposal_submit(
        process=process,
        title="Open data in rural libraries",
        description="A workshop with librarians on what open data rural communities need.",
        host_organisation="Rural Libraries Network",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        time_zone="America/Halifax",
        format="in_person",
        venue_name="Town hall",
        venue_address="12 Main Street",
        city="Truro",
        province="NS",
        online_url="",
        contact_name="Camille Roy",
        contact_email="camille@example.org",
    )


def _proposal_decision(process) -> Callable[[], object]:
    event = _proposal(process)
    return lambda: proposal_decision_send.call(event.pk, ModerationState.PUBLISHED)


def _email_link(kind: str) -> Callable[[], object]:
    user = UserFactory(email="member@example.org")
    user.set_password("a long password 2018")
    user.save()
    email = "new@example.org" if kind == "registration" else user.email
    request = EmailLinkRequest.objects.create(kind=kind, email=email, language="en")
    return lambda: email_link_send.call(request.pk)


def _mfa_enrol_link() -> Callable[[], object]:
    member = staff_with_role("moderator")
    requested_at = timezone.now().timestamp()
    return lambda: mfa_enrol_link_send.call(member.pk, "fr", requested_at)


KINDS = {
    "registration": lambda process: _registration(),
    "volunteer reply": _volunteer_reply,
    "proposal decision": _proposal_decision,
    "registration link": lambda process: _email_link("registration"),
    "sign-in link": lambda process: _email_link("sign_in"),
    "password reset": lambda process: _email_link("password_reset"),
    "two-step set-up link": lambda process: _mfa_enrol_link(),
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_task_run_twice_sends_one_message(kind, process):
    run = KINDS[kind](process)
    run()
    run()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_worker_killed_after_sending_sends_nothing_more(kind, process):
    run = KINDS[kind](process)
    with (
        mock.patch.object(mail_once, "_record_sent", side_effect=_WorkerDied),
        pytest.raises(_WorkerDied),
    ):
        run()
    assert len(mail.outbox) == 1
    # The job requeued after the worker's death (coplan.core.workers) runs again.
    run()
    assert len(mail.outbox) == 1


def test_a_new_registration_change_is_a_new_message(process):
    run = _registration()
    run()
    registration = Registration.objects.get()
    registration_email_send.call(
        registration.pk, "cancelled", registration.status_changed_at.timestamp() + 60
    )
    assert len(mail.outbox) == 2


def test_a_new_two_step_link_request_is_a_new_message():
    run = _mfa_enrol_link()
    run()
    member = staff_with_role("moderator")
    mfa_enrol_link_send.call(member.pk, "en", timezone.now().timestamp() + 1)
    assert len(mail.outbox) == 2


def test_proposal_mail_to_moderators_goes_on_where_it_stopped(process):
    """Killed after telling the first moderator: run again, only the others are told."""
    moderators = [staff_with_role("moderator") for _ in range(3)]
    event = _proposal(process)
    real = mail_once._record_sent
    calls = []

    def die_after_first(key, claim):
        real(key, claim)
        calls.append(key)
        if len(calls) == 2:
            raise _WorkerDied

    with (
        mock.patch.object(mail_once, "_record_sent", side_effect=die_after_first),
        pytest.raises(_WorkerDied),
    ):
        proposal_received_send.call(event.pk)
    assert len(mail.outbox) == 2
    assert proposal_received_send.call(event.pk) == 1
    assert proposal_received_send.call(event.pk) == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        moderator.email for moderator in moderators
    )
