"""Demo sessions: bilingual, across provinces, one at a third party's event, one full.

The 4th plan's Development phase ran "online and in person until February 2018" with
"engagement aligned with third-party events": two sessions are from that time (with notes,
attendance and a summary, all dated then). The others belong to the current process, whose
sessions are open: they are dated from the day the demo is loaded so that people trying the
demo can register, fill the last seats and join a waitlist.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from coplan.contributions.models import Contribution
from coplan.processes.demo import CURRENT_SLUG, PAST_SLUG, at
from coplan.processes.models import Opportunity

from .models import Event, Registration
from .services import event_note_add

PAST = [
    {
        "title_en": "Open government town hall – Halifax",
        "title_fr": "Assemblée publique sur le gouvernement ouvert – Halifax",
        "description_en": "Tell us what the 4th plan should include. Discussion in small tables, "
        "each led by a facilitator.",
        "description_fr": "Dites-nous ce que le 4e plan devrait inclure. Discussion en petites "
        "tables, chacune animée par une personne.",
        "start": (2017, 11, 15, 18, 30),
        "hours": 2,
        "time_zone": "America/Halifax",
        "format": Event.Format.IN_PERSON,
        "venue_name_en": "Halifax Central Library",
        "venue_name_fr": "Bibliothèque centrale d’Halifax",
        "venue_address": "5440 Spring Garden Road",
        "city": "Halifax",
        "province": "NS",
        "capacity": 60,
        "attendance": 41,
        "summary_en": "Forty-one people discussed open data, access to information and how to "
        "report progress on commitments. Many asked for plain-language progress reports.",
        "summary_fr": "Quarante et une personnes ont discuté de données ouvertes, d’accès à "
        "l’information et de la façon de rendre compte des engagements. Beaucoup ont demandé "
        "des rapports d’étape en langage clair.",
        "notes": [
            ("Open data", "Facilitator A", "Publish data about federal grants by postal region."),
            (
                "Access to information",
                "Facilitator B",
                "Requests take too long; publish summaries of completed requests.",
            ),
        ],
    },
    {
        "title_en": "Engagement session – Montréal",
        "title_fr": "Séance de mobilisation – Montréal",
        "description_en": "A bilingual session on the priorities of the 4th plan.",
        "description_fr": "Une séance bilingue sur les priorités du 4e plan.",
        "start": (2017, 12, 5, 13, 0),
        "hours": 3,
        "time_zone": "America/Toronto",
        "format": Event.Format.IN_PERSON,
        "venue_name_en": "Grande Bibliothèque",
        "venue_name_fr": "Grande Bibliothèque",
        "venue_address": "475, boulevard De Maisonneuve Est",
        "city": "Montréal",
        "province": "QC",
        "capacity": 80,
        "attendance": 56,
        "summary_en": "Participants focused on open science and on citizen participation "
        "in policy making.",
        "summary_fr": "Les participants ont mis l’accent sur la science ouverte et sur la "
        "participation citoyenne à l’élaboration des politiques.",
        "notes": [
            (
                "Science ouverte",
                "Animatrice C",
                "Rendre publiques les données de recherche financées par le fédéral.",
            ),
        ],
    },
]

# (days from today, hour) for the sessions that people can still register for.
UPCOMING = [
    {
        "title_en": "Open data roundtable – Vancouver",
        "title_fr": "Table ronde sur les données ouvertes – Vancouver",
        "description_en": "A roundtable on the data sets people want the government to publish.",
        "description_fr": "Une table ronde sur les jeux de données que les gens veulent voir "
        "publiés par le gouvernement.",
        "when": (14, 18),
        "hours": 2,
        "time_zone": "America/Vancouver",
        "format": Event.Format.HYBRID,
        "venue_name_en": "Vancouver Public Library, Central Branch",
        "venue_name_fr": "Bibliothèque publique de Vancouver, succursale centrale",
        "venue_address": "350 West Georgia Street",
        "city": "Vancouver",
        "province": "BC",
        "online_url": "https://meet.example.org/open-data-roundtable",
        "capacity": 40,
    },
    {
        "title_en": "Webinar: how to take part in the 5th plan",
        "title_fr": "Webinaire\u00a0: comment participer au 5e plan",
        "description_en": "An online presentation of the cycle and of every way to take part, "
        "with questions and answers.",
        "description_fr": "Une présentation en ligne du cycle et de toutes les façons de "
        "participer, suivie d’une période de questions.",
        "when": (21, 12),
        "hours": 1,
        "time_zone": "America/Toronto",
        "format": Event.Format.ONLINE,
        "online_url": "https://meet.example.org/take-part-webinar",
        "capacity": None,
        "accessibility_en": "Live captions in English and French.",
        "accessibility_fr": "Sous-titres en direct en anglais et en français.",
    },
    {
        "title_en": "Open government session at the Canadian Open Data Summit – Edmonton",
        "title_fr": "Séance sur le gouvernement ouvert au Sommet canadien des données ouvertes "
        "– Edmonton",
        "description_en": "We join the summit for a session on the ideas for the 5th plan.",
        "description_fr": "Nous participons au sommet avec une séance sur les idées pour le "
        "5e plan.",
        "when": (30, 10),
        "hours": 2,
        "time_zone": "America/Edmonton",
        "format": Event.Format.IN_PERSON,
        "venue_name_en": "Shaw Conference Centre",
        "venue_name_fr": "Centre de congrès Shaw",
        "venue_address": "9797 Jasper Avenue",
        "city": "Edmonton",
        "province": "AB",
        "host": Event.Host.PARTNER,
        "host_organisation_en": "Open North",
        "host_organisation_fr": "Nord Ouvert",
        "third_party_event_en": "Canadian Open Data Summit",
        "third_party_event_fr": "Sommet canadien des données ouvertes",
        "capacity": 25,
    },
    {
        "title_en": "Community session – Winnipeg",
        "title_fr": "Séance communautaire – Winnipeg",
        "description_en": "A small-group session for community organisations.",
        "description_fr": "Une séance en petit groupe pour les organismes communautaires.",
        "when": (35, 18),
        "hours": 2,
        "time_zone": "America/Winnipeg",
        "format": Event.Format.IN_PERSON,
        "venue_name_en": "Millennium Library",
        "venue_name_fr": "Bibliothèque du Millénaire",
        "venue_address": "251 Donald Street",
        "city": "Winnipeg",
        "province": "MB",
        "capacity": 3,
        "demo_registrations": 4,  # full, with one person waiting
    },
    {
        "title_en": "Open government session – Iqaluit",
        "title_fr": "Séance sur le gouvernement ouvert – Iqaluit",
        "description_en": "A session with interpretation in Inuktitut.",
        "description_fr": "Une séance avec interprétation en inuktitut.",
        "when": (45, 13),
        "hours": 2,
        "time_zone": "America/Toronto",
        "format": Event.Format.IN_PERSON,
        "venue_name_en": "Iqaluit Cadet Hall",
        "venue_name_fr": "Salle des cadets d’Iqaluit",
        "venue_address": "Building 1085",
        "city": "Iqaluit",
        "province": "NU",
        "capacity": 30,
        "accessibility_en": "Step-free entrance; interpretation in Inuktitut.",
        "accessibility_fr": "Entrée sans marche; interprétation en inuktitut.",
    },
]

OWN_KEYS = {"start", "when", "hours", "notes", "demo_registrations"}


def _upsert(opportunity: Opportunity, spec: dict, starts_at: datetime.datetime) -> Event:
    fields = {key: value for key, value in spec.items() if key not in OWN_KEYS}
    fields["starts_at"] = starts_at
    fields["ends_at"] = starts_at + datetime.timedelta(hours=spec["hours"])
    event, _created = Event.objects.update_or_create(
        opportunity=opportunity, title_en=spec["title_en"], defaults=fields
    )
    return event


def load(stdout=None) -> None:
    opportunity = Opportunity.objects.get(phase__process__slug=PAST_SLUG, slug="sessions")
    for spec in PAST:
        year, month, day, hour, minute = spec["start"]
        starts_at = datetime.datetime(
            year, month, day, hour, minute, tzinfo=ZoneInfo(spec["time_zone"])
        )
        event = _upsert(opportunity, {**spec, "registration_open": False}, starts_at)
        # Announced when the Development phase opened, in October 2017.
        Event.objects.filter(pk=event.pk).update(created_at=at(2017, 10, 2))
        if _has_notes(event):
            continue
        for topic, facilitator, text in spec["notes"]:
            note = event_note_add(
                event=event,
                topic=topic,
                facilitator=facilitator,
                text=text,
                consent_to_publish=True,
            )
            # Taken at the session itself.
            Contribution.objects.filter(pk=note.pk).update(received_at=event.ends_at)
    opportunity = Opportunity.objects.get(phase__process__slug=CURRENT_SLUG, slug="sessions")
    today = timezone.localdate()
    for spec in UPCOMING:
        days, hour = spec["when"]
        day = today + datetime.timedelta(days=days)
        starts_at = datetime.datetime(
            day.year, day.month, day.day, hour, tzinfo=ZoneInfo(spec["time_zone"])
        )
        event = _upsert(opportunity, spec, starts_at)
        wanted = spec.get("demo_registrations", 0)
        if wanted and not event.registrations.exists():
            for n in range(1, wanted + 1):
                seated = event.capacity is None or n <= event.capacity
                Registration.objects.create(
                    event=event,
                    name=f"Demo participant {n}",
                    email=f"participant{n}@example.org",
                    language="fr" if n % 2 else "en",
                    status="confirmed" if seated else "waitlisted",
                )
                if seated:
                    Event.objects.filter(pk=event.pk).update(
                        confirmed_count=F("confirmed_count") + 1
                    )
    if stdout is not None:
        stdout.write("events: sessions across Canada, one at a third party's event")


def _has_notes(event: Event) -> bool:
    from .selectors import event_notes

    return event_notes(event).exists()
