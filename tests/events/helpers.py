"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

from coplan.events import services
from coplan.events.models import VolunteerOffer
from coplan.events.volunteering import volunteer_offer_submit


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
