"""Access requests: signed-in or by a signed, expiring link; page, JSON, correction, withdrawal."""

from __future__ import annotations

import datetime
import json
import logging
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coplan.contributions.models import Contribution, ContributorContact
from coplan.privacy.models import AccessRequest, CorrectionRequest
from tests.notifications.smtp import body_text

pytestmark = pytest.mark.django_db(transaction=True)


def _contribute(process, *, email="jane@example.org", author=None, text="My idea"):
    contribution = Contribution.objects.create(
        process=process, kind="idea", text=text, author=author
    )
    ContributorContact.objects.create(contribution=contribution, name="Jane Roe", email=email)
    return contribution


def _link(client, smtp_server, email="jane@example.org"):
    response = client.post(reverse("privacy:my_data"), {"email": email})
    assert response.status_code == 200
    text = body_text(smtp_server.to(email)[-1])
    assert email not in re.search(r"https?://\S+", text).group(0)
    return "/" + re.search(r"https?://\S+", text).group(0).split("://", 1)[1].split("/", 1)[1]


def test_email_link_shows_everything_and_downloads_json(client, process, smtp_server):
    _contribute(process)
    path = _link(client, smtp_server)
    page = client.get(path)
    assert page.status_code == 200
    assert b"Jane Roe" in page.content and b"My idea" in page.content
    assert "no-store" in page["Cache-Control"]
    data = json.loads(b"".join(client.get(path + "download.json").streaming_content))
    contacts = data["records"]["contributions.ContributorContact"]["records"]
    assert contacts[0]["name"] == "Jane Roe"
    assert data["own_items"][0]["text"] == "My idea"


def test_page_query_count_does_not_grow_with_records(client, process, smtp_server):
    _contribute(process)
    path = _link(client, smtp_server)
    with CaptureQueriesContext(connection) as small:
        client.get(path)
    for number in range(20):
        _contribute(process, text=f"Idea {number}")
    with CaptureQueriesContext(connection) as large:
        client.get(path)
    assert len(large) == len(small)


def test_tampered_and_expired_links(client, process, smtp_server):
    path = _link(client, smtp_server)
    assert client.get(path[:-3] + "xx/").status_code == 400
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        response = client.get(path)
    assert response.status_code == 400 and b"expired" in response.content


def test_links_per_address_are_limited(client, smtp_server):
    codes = [
        client.post(reverse("privacy:my_data"), {"email": "x@example.org"}).status_code
        for _ in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert len(smtp_server.to("x@example.org")) == 3
    assert client.post(reverse("privacy:my_data"), {"email": "nope"}).status_code == 400


def test_withdraw_own_pending_contribution_only(client, process, smtp_server):
    pending = _contribute(process, text="Pending one")
    published = _contribute(process, text="Published one")
    Contribution.objects.filter(pk=published.pk).update(moderation_state="published")
    other = _contribute(process, email="other@example.org", text="Not mine")
    path = _link(client, smtp_server)
    for item in (pending, published, other):
        client.post(path + "withdraw/", {"label": "contributions.Contribution", "pk": item.pk})
    states = dict(Contribution.objects.values_list("pk", "moderation_state"))
    assert states == {pending.pk: "withdrawn", published.pk: "published", other.pk: "pending"}


def test_correction_request_is_tracked_and_due_in_30_days(client, user, process):
    client.force_login(user)
    response = client.post(
        reverse("privacy:my_data_correction"), {"details": "My display name is misspelled."}
    )
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert correction.user == user
    assert correction.due_on == timezone.localdate() + datetime.timedelta(days=30)
    assert not correction.is_overdue()
    assert correction.is_overdue(today=correction.due_on + datetime.timedelta(days=1))
    empty = client.post(reverse("privacy:my_data_correction"), {"details": "  \x00 "})
    assert empty.status_code == 400 and CorrectionRequest.objects.count() == 1


def test_signed_in_page_shows_account_records_only(client, user, process):
    _contribute(process, email=user.email)  # given by someone else with the same address
    client.force_login(user)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    assert user.email.encode() in page.content  # the account record
    assert b"Jane Roe" not in page.content


def test_personal_data_never_in_logs(client, process, smtp_server, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(reverse("privacy:my_data"), {"email": "secret.person@example.org"})
    client.post(
        reverse("notifications:subscribe"),
        {
            "email": "secret.person@example.org",
            "process": process.slug,
            "kinds": ["phase_opened"],
            "language": "en",
            "frequency": "immediate",
        },
    )
    # The loopback test SMTP server (aiosmtpd, logger "mail.log") is not Coplan: left out.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "mail.log")
    assert "secret.person" not in logged
    assert AccessRequest.objects.count() == 1


def test_statement_per_process_in_both_languages(client, process):
    process.completed_on = datetime.date(2020, 6, 30)
    process.save()
    english = client.get(reverse("privacy:statement", kwargs={"slug": process.slug}))
    assert english.status_code == 200
    assert b"Section 7 of the Financial Administration Act." in english.content
    assert b"18 months" in english.content
    with_fr = client.get("/fr" + reverse("privacy:statement", kwargs={"slug": process.slug})[3:])
    assert b"Article 7 de la Loi" in with_fr.content
    assert client.get(reverse("privacy:statement", kwargs={"slug": "nope"})).status_code == 404


def test_signed_in_person_sees_and_downloads_what_they_contributed(client, user, process):
    mine = Contribution.objects.create(
        process=process, kind="idea", title="Bike lanes", text="Paint them green.", author=user
    )
    Contribution.objects.create(process=process, kind="idea", text="Someone else's idea")
    client.force_login(user)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Paint them green." in page and "Someone else" not in page
    data = json.loads(b"".join(client.get(reverse("privacy:my_data_json")).streaming_content))
    records = data["records"]["contributions.Contribution"]["records"]
    assert [(r["title"], r["text"], r["moderation_state"]) for r in records] == [
        ("Bike lanes", "Paint them green.", "pending")
    ]
    assert records[0]["process__title"] == process.title
    assert data["own_items"][0]["id"] == mine.pk
