"""Every email the site sends in French links to French pages (and in English to English ones):
account links, password reset, access links, session registrations, subscription confirmations,
news and digests."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from coplan.accounts.models import EmailLinkRequest
from coplan.accounts.tasks import email_link_send, mfa_enrol_link_send
from coplan.events.tasks import registration_email_send
from coplan.notifications import emails
from coplan.notifications.models import Announcement, Subscriber
from coplan.notifications.tasks import confirmation_send
from coplan.privacy.models import AccessRequest
from coplan.privacy.tasks import access_link_send
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _send_everything(language: str, process) -> list:
    """Each kind of email, to a person whose language is `language`."""
    from coplan.events.models import Registration
    from tests.events.factories import EventFactory

    mail.outbox.clear()
    with translation.override("en" if language == "fr" else "fr"):  # the other language active
        member = UserFactory(email=f"member-{language}@example.org", preferred_language=language)
        member.set_password("a long password 2018")
        member.save()
        for kind, email in [
            ("registration", f"new-{language}@example.org"),
            ("registration", member.email),  # an existing account: told in its own language
            ("sign_in", member.email),
            ("password_reset", member.email),
        ]:
            request = EmailLinkRequest.objects.create(kind=kind, email=email, language=language)
            email_link_send.call(request.pk)
        mfa_enrol_link_send.call(member.pk, language, 1.0)
        access = AccessRequest.objects.create(
            email=f"asker-{language}@example.org", language=language
        )
        access_link_send.call(str(access.pk))
        registration = Registration.objects.create(
            event=EventFactory(),
            name="Alex",
            email=f"attendee-{language}@example.org",
            language=language,
            status=Registration.Status.CONFIRMED,
        )
        registration_email_send.call(registration.pk, "confirmed")
        subscriber = Subscriber.objects.create(
            email=f"reader-{language}@example.org", language=language
        )
        confirmation_send.call(subscriber.pk)
        announcement = Announcement.objects.create(
            kind="phase_opened",
            process=process,
            title_en="Review",
            title_fr="Révision",
            url="/en/processes/" + process.slug + "/",  # stored in English
            key=f"phase:{language}",
        )
        emails.announcement_message(subscriber, announcement).send()
        emails.digest_message(subscriber, [announcement]).send()
    return list(mail.outbox)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_email_links_to_the_recipients_language(process, language):
    messages = _send_everything(language, process)
    assert len(messages) == 10, "\n".join(message.subject for message in messages)
    site = re.escape(settings.COPLAN_SITE_URL.rstrip("/"))
    other = "en" if language == "fr" else "fr"
    for message in messages:
        bodies = [message.body] + [content for content, _type in message.alternatives]
        links = [link for body in bodies for link in re.findall(rf"{site}(/\S*)", body)]
        assert links, message.subject
        for link in links:
            assert not link.startswith(f"/{other}/"), (message.subject, link)
            assert link.startswith(f"/{language}/"), (message.subject, link)
