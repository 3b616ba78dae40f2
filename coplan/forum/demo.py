"""Demo forum of the 4th plan: members from the demo organisations, two meetings with bilingual
minutes, lessons learned (idempotent).

Dated as it happened: the first meeting in November 2017 (what we heard so far), the second in
March 2018 (the draft commitments), minutes published a week after each; the lessons drawn at
the end of the plan, in June 2020.
"""

from __future__ import annotations

import datetime

from coplan.accounts.models import Organisation
from coplan.notifications import demo as notifications_demo
from coplan.processes.demo import SLUG, at
from coplan.processes.models import Process

from . import services
from .models import Forum, Lesson, Meeting, MeetingStatus, Sector

MEMBERS = [
    ("Demo co-chair (government)", "tbs", Sector.GOVERNMENT, "co_chair"),
    ("Demo co-chair (civil society)", "open-north", Sector.CIVIL_SOCIETY, "co_chair"),
    ("Demo member, Statistics Canada", "statcan", Sector.GOVERNMENT, "member"),
    ("Demo member, Civic Tech Network", "civic-tech-network", Sector.CIVIL_SOCIETY, "member"),
    ("Demo observer", "nrcan", Sector.GOVERNMENT, "observer"),
]


def load(stdout=None) -> None:
    process = Process.objects.filter(slug=SLUG).first()
    if process is None or Forum.objects.filter(process=process).exists():
        return
    forum = services.forum_create(
        slug="msf-demo",
        name_en="Multi-stakeholder Forum on Open Government",
        name_fr="Forum multi-intervenants sur le gouvernement ouvert",
        process=process,
    )
    services.forum_update(
        forum=forum,
        terms_of_reference_en="The forum oversees the co-creation of the plan.",
        terms_of_reference_fr="Le forum supervise la co-création du plan.",
        participation_rules_en="Members speak for their sector; decisions are by consensus.",
        participation_rules_fr="Chaque membre parle pour son secteur; on décide par consensus.",
    )
    organisations = {o.slug: o for o in Organisation.objects.all()}
    members = []
    for name, slug, sector, role in MEMBERS:
        if slug in organisations:
            members.append(
                services.member_add(
                    forum=forum,
                    name=name,
                    organisation=organisations[slug],
                    sector=sector,
                    role=role,
                    term_start=process.starts_on,
                )
            )
    for held_at, title_en, title_fr in (
        (at(2017, 11, 21, 13), "First meeting", "Première réunion"),
        (at(2018, 3, 20, 13), "Second meeting", "Deuxième réunion"),
    ):
        meeting = services.meeting_create(
            forum=forum,
            held_at=held_at,
            title_en=title_en,
            title_fr=title_fr,
            agenda_en="1. Welcome. 2. What we heard. 3. Next steps.",
            agenda_fr="1. Accueil. 2. Ce que nous avons entendu. 3. Prochaines étapes.",
            minutes_en="Members reviewed the ideas received and the draft commitments.",
            minutes_fr="Les membres ont examiné les idées reçues et les ébauches d’engagements.",
            decisions_en="The forum agreed to publish the draft plan for comment.",
            decisions_fr="Le forum a convenu de publier l’ébauche du plan pour commentaires.",
        )
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.AGENDA_PUBLISHED)
        services.meeting_set_status(meeting=meeting, status=MeetingStatus.MINUTES_PUBLISHED)
        services.meeting_record_attendance(
            meeting=meeting, present={m.pk for m in members[: len(members) - 1]}
        )
        Meeting.objects.filter(pk=meeting.pk).update(
            agenda_published_at=held_at - datetime.timedelta(days=7),
            minutes_published_at=held_at + datetime.timedelta(days=7),
        )
    if not Lesson.objects.filter(process=process).exists():
        services.lesson_add(
            process=process,
            lesson_en="Announcing sessions four weeks ahead brought more people.",
            lesson_fr="Annoncer les séances quatre semaines à l’avance a attiré plus de monde.",
            action_en="Announce every session at least four weeks ahead.",
            action_fr="Annoncer chaque séance au moins quatre semaines à l’avance.",
        )
        services.lesson_add(
            process=process,
            lesson_en="People asked to see how their ideas were answered.",
            lesson_fr="Les gens ont demandé à voir la réponse donnée à leurs idées.",
        )
        services.lessons_publish(process=process)
        Lesson.objects.filter(process=process).update(
            recorded_at=at(2020, 6, 15), published_at=at(2020, 6, 29)
        )
    Forum.objects.filter(pk=forum.pk).update(updated_at=at(2017, 10, 20))
    # The forum's announcements (lessons published...) were made just now by its services.
    notifications_demo.announcements_date(process)
