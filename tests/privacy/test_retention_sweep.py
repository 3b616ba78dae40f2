"""Retention on the demo, loaded with DEBUG on, leaves no planted identifying value in any column
of any table: values planted through each way personal information comes in (web form sent as
it is, email with headers and an attachment, social-media export, registration, page feedback,
flag, support, questionnaire, subscription, access and correction requests, moderation note,
translation) are searched for in every text column of every table afterwards."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from coplan.accounts.models import User
from coplan.analysis.models import ContributionTranslation
from coplan.contributions.models import Contribution, ContributorContact, Flag, Support
from coplan.contributions.services import contribution_submit
from coplan.events.models import Event, Registration
from coplan.intake.email_import import email_files_import
from coplan.intake.models import EmailAttachment
from coplan.intake.social import social_export_import
from coplan.moderation.models import Decision
from coplan.notifications.models import Delivery, Subscriber
from coplan.privacy import services
from coplan.privacy.models import AccessRequest, CorrectionRequest
from coplan.processes import demo as processes_demo
from coplan.processes.models import Opportunity, Process
from coplan.surveys.models import Questionnaire, Response

NAME = "Quenneville Zyxwvut"
EMAIL = "zyxwvut.planted@example.org"
USER_EMAIL = "zyxwvut.account@example.org"
# Not the demo's own example number (the current process keeps its pending idea that has it).
SIN = "130 692 544"
PHONE = "613-555-0199"
HANDLE = "zyxwvut_planted"
# What must be found nowhere afterwards (case-insensitive): every planted value contains one.
NEEDLES = ("zyxwvut", "130 692 544", "130692544", "555-0199")
PLANTED_TEXT = f"Call me at {PHONE} or write to {EMAIL}; my SIN is {SIN}."


def _email_message() -> bytes:
    lines = [
        f"From: {NAME} <{EMAIL}>",
        "To: ouvert@example.gc.ca",
        f"Subject: Open data, from {EMAIL}",
        "Date: Mon, 15 Jan 2018 10:00:00 -0500",
        f"Message-ID: <{HANDLE}.1@example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        "",
        "--b",
        "Content-Type: text/plain; charset=utf-8",
        "",
        f"Please publish more data. {PLANTED_TEXT}",
        "--b",
        "Content-Type: application/octet-stream",
        f'Content-Disposition: attachment; filename="{HANDLE}-cv.bin"',
        "",
        f"{NAME} {SIN}",
        "--b--",
        "",
    ]
    return "\r\n".join(lines).encode()


def _social_export() -> bytes:
    return (
        "platform,post id,handle,text,time,url\r\n"
        f"twitter,9911,@{HANDLE},Open contracts please. {PLANTED_TEXT},2018-01-20T10:00:00Z,"
        f"https://twitter.example/{HANDLE}/status/9911\r\n"
    ).encode()


def _plant(process: Process) -> None:
    ideas = Opportunity.objects.filter(phase__process=process, kind="ideas").first()
    author = User.objects.create_user(email=USER_EMAIL, password="x" * 12, display_name=NAME)
    idea = contribution_submit(
        process=process,
        opportunity=ideas,
        kind="idea",
        title=f"Idea from {EMAIL}",
        text=f"Publish budgets. {PLANTED_TEXT}",
        author=author,
        contact_name=NAME,
        contact_email=EMAIL,
        consent_to_publish=True,
        received_at=datetime.datetime(2018, 1, 10, 12, tzinfo=datetime.UTC),
    )
    contribution_submit(
        process=process,
        opportunity=None,
        kind="page_feedback",
        text=f"The page is unclear. {PLANTED_TEXT}",
        page_url=f"/en/processes/{process.slug}/?email={EMAIL}",
        page_useful=False,
        consent_to_publish=False,
        received_at=datetime.datetime(2018, 1, 11, 12, tzinfo=datetime.UTC),
    )
    email_files_import(process=process, files=[("inbox.eml", _email_message())])
    social_export_import(process=process, uploaded_file=_social_export(), filename="export.csv")
    Flag.objects.create(contribution=idea, flagger_key="k-planted", user=author, note=EMAIL)
    Support.objects.create(contribution=idea, supporter_key="s-planted", user=author)
    Decision.objects.create(
        contribution=idea,
        action="approve",
        from_state="pending",
        to_state="published",
        note=f"Masked {EMAIL} and {PHONE}",
        moderator=User.objects.filter(is_staff=True).first(),
    )
    ContributionTranslation.objects.create(contribution=idea, language="fr", text=PLANTED_TEXT)
    event = Event.objects.filter(opportunity__phase__process=process).first()
    Registration.objects.create(
        event=event,
        name=NAME,
        email=EMAIL,
        accessibility_needs=f"Call {PHONE}",
        user=author,
        status="confirmed",
    )
    questionnaire = Questionnaire.objects.filter(opportunity__phase__process=process).first()
    Response.objects.create(
        questionnaire=questionnaire, respondent=author, respondent_key=f"key-{HANDLE}"
    )
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    subscriber = Subscriber.objects.create(
        email=f"sub.{EMAIL}", created_at=long_ago, unsubscribed_at=long_ago
    )
    announcement_delivery = Delivery.objects.filter(subscriber__isnull=False).first()
    if announcement_delivery is not None:
        Delivery.objects.create(
            subscriber=subscriber,
            announcement=announcement_delivery.announcement,
            last_error=f"550 <sub.{EMAIL}>: no such user",
        )
    AccessRequest.objects.create(email=f"access.{EMAIL}", requested_at=long_ago)
    CorrectionRequest.objects.create(
        email=f"fix.{EMAIL}",
        details=f"My name is {NAME}",
        response=f"Done, {NAME}.",
        received_at=long_ago,
        due_on=datetime.date(2020, 1, 31),
        answered_at=long_ago,
    )


def _found_anywhere() -> list[str]:
    """Every (table.column) whose text holds a needle, over every table of the database."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                if column.name in ("rank",):
                    continue
                for needle in NEEDLES:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 - names from the schema
                        f"WHERE LOWER(CAST({quote(column.name)} AS TEXT)) LIKE %s",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name} ({needle})")
    return found


@pytest.mark.slow
@pytest.mark.django_db
def test_retention_on_the_demo_leaves_no_planted_value_anywhere(settings, tmp_path):
    """Planted values are found before retention (the search works) and nowhere after it; the
    demo's 2018-2020 process, whose last phase ended in June 2020, needs no completion date."""
    settings.MEDIA_ROOT = str(tmp_path)
    with override_settings(DEBUG=True):
        call_command("demo", stdout=StringIO())
    process = Process.objects.get(slug=processes_demo.SLUG)
    assert process.completed_on is None
    assert process.retention_starts_on() == datetime.date(2020, 6, 30)
    _plant(process)
    author_pk = User.objects.get(email=USER_EMAIL).pk
    before = _found_anywhere()
    for table in (
        "contributions_contribution",
        "contributions_contributorcontact",
        "intake_intakeitem",
        "events_registration",
        "accounts_user",
    ):
        assert any(hit.startswith(table + ".") for hit in before), (table, before)
    assert EmailAttachment.objects.filter(contribution__process=process).exclude(file="").exists()
    assert [path for path in (tmp_path / "intake").rglob("*") if path.is_file()]

    with override_settings(DEBUG=True):
        run = services.retention_run()
    assert run.total > 0
    assert _found_anywhere() == []
    # Nothing of the demo's contacts survives either, and what was said is still there.
    assert (
        not ContributorContact.objects.filter(contribution__process=process)
        .exclude(email="")
        .exists()
    )
    assert Contribution.objects.filter(process=process, text__contains="[").exists()
    # The attachment's stored file is deleted; no stored file (data sets...) holds a value.
    assert not [path for path in (tmp_path / "intake").rglob("*") if path.is_file()]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            assert not any(needle.encode() in content for needle in NEEDLES), path
    assert not User.objects.get(pk=author_pk).is_active

    second = services.retention_run()
    assert second.counts == {} and second.accounts_deactivated == 0

    # The same archive and export imported again after retention find what they hold already.
    count = Contribution.objects.count()
    email_files_import(process=process, files=[("inbox.eml", _email_message())])
    social_export_import(process=process, uploaded_file=_social_export(), filename="export.csv")
    assert Contribution.objects.count() == count
