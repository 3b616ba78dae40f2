"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import datetime
import re

from django.test import TestCase
from django.utils import timezone

from coplan.events import services
from coplan.events.models import Event, VolunteerOffer
from coplan.events.proposals import session_proposal_submit
from coplan.events.volunteering import volunteer_offer_submit
from coplan.moderation.models import Action, ModerationReason
from coplan.moderation.services import contributions_moderate


def register(event, n, language="en", **kwargs):
    return services.registration_create(
        event=event,
        name=f"Person {n}",
        email=f"person{n}@example.org",
        language=language,
        **kwargs,
    )


OFFER = {
    "role": "facilitate",
    "offer": "I have facilitated town halls in Moncton for ten years, in French and English.",
    "city": "Moncton",
    "province": "NB",
    "name": "Dominique Leblanc",
    "email": "Dominique@Example.org",
}


def _offer(process, **overrides) -> VolunteerOffer:
    data = {**OFFER, **overrides}
    return volunteer_offer_submit(process=process, **data)


# A session proposal as the public form sends it, and the steps of its way to moderation.
FORM = {
    "title": "Open data in rural libraries",
    "description": "A workshop with librarians on what open data rural communities need.",
    "host_organisation": "Rural Libraries Network",
    "day": "",  # set per test: a date ahead
    "start_time": "18:00",
    "end_time": "20:00",
    "time_zone": "America/Halifax",
    "format": "in_person",
    "venue_name": "Town hall",
    "venue_address": "12 Main Street",
    "city": "Truro",
    "province": "NS",
    "online_url": "",
    "contact_name": "Camille Roy",
    "contact_email": "camille@example.org",
}


def _day(days: int = 20) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _token(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def _post(client, process, language: str = "en", **overrides):
    url = f"/{language}/events/propose/{process.slug}/"
    data = {**FORM, "day": _day(), "form_token": _token(client, url), **overrides}
    with _committed():
        return client.post(url, data)


def _committed():
    """Run what waits for the commit (emails, announcements) as the request's end would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def _propose(process, **overrides) -> Event:
    start = timezone.now() + datetime.timedelta(days=20)
    data = {
        key: value for key, value in FORM.items() if key not in ("day", "start_time", "end_time")
    }
    data.update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    data.update(overrides)
    with _committed():
        return session_proposal_submit(process=process, **data)


def _decide(event: Event, action: str, moderator) -> None:
    reason = None
    if action == Action.REJECT:
        reason, _created = ModerationReason.objects.get_or_create(
            slug="off-topic", defaults={"title_en": "Off topic", "title_fr": "Hors sujet"}
        )
    with _committed():
        contributions_moderate(
            contribution_ids=[event.proposal_id], action=action, moderator=moderator, reason=reason
        )
