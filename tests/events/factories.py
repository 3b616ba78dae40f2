from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from coplan.events.models import Event
from tests.processes.factories import OpportunityFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    opportunity = factory.LazyFunction(lambda: OpportunityFactory(kind="sessions"))
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_fr = factory.Sequence(lambda n: f"Séance {n}")
    description_en = "Come and talk."
    description_fr = "Venez en parler."
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    time_zone = "America/Halifax"
    format = Event.Format.IN_PERSON
    venue_name_en = "Central Library"
    venue_name_fr = "Bibliothèque centrale"
    venue_address = "5440 Spring Garden Road"
    city = "Halifax"
    province = "NS"
    capacity = 2
