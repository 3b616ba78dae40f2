"""Demo plan for the demo process: a draft published for review (with public comments on its
paragraphs), a Cabinet-approved final version that changed in answer to them, each change
explained. Runs after the commitments demo, so the commitments in the plan are frozen into both
versions. Idempotent: nothing happens when the process already has a plan.

The plan is the 4th plan's (the current process has none yet, being in Development). Every step
is dated as it happened: written in March 2018, the draft published for Review on April 3 and
commented in April and May, the final text sent to Cabinet in June and published on June 28.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from coplan.accounts.models import User
from coplan.contributions.models import Contribution, Kind, ModerationState
from coplan.processes import demo as process_demo
from coplan.processes.demo import at
from coplan.processes.models import Opportunity, Process

from . import services
from .models import CabinetReview, ChangeExplanation, Plan, PlanEvent, PlanSection, PlanVersion

SECTIONS = [
    (
        "introduction",
        PlanSection.Kind.NARRATIVE,
        "Introduction",
        "Introduction",
        "Open government is about increasing transparency, participation and collaboration to "
        "make government better.\n\n"
        "This plan sets out what the Government of Canada commits to do from 2018 to 2020, as a "
        "member of the Open Government Partnership.",
        "L’initiative de gouvernement ouvert consiste à accroître la transparence, la "
        "participation et la collaboration pour améliorer le gouvernement.\n\n"
        "Ce plan présente ce que le gouvernement du Canada s’engage à faire de 2018 à 2020, à "
        "titre de membre du Partenariat pour un gouvernement ouvert.",
    ),
    (
        "the-process",
        PlanSection.Kind.NARRATIVE,
        "How we developed this plan",
        "Comment nous avons élaboré ce plan",
        "From October 2017, we asked which priorities to focus on and met people across the "
        "country, online and in person.\n\n"
        "The Multi-stakeholder Forum co-drafted the commitments with departments.",
        "À partir d’octobre 2017, nous avons demandé quelles priorités privilégier et rencontré "
        "des gens partout au pays, en ligne et en personne.\n\n"
        "Le Forum multi-intervenants a rédigé les engagements conjointement avec les ministères.",
    ),
    (
        "commitments",
        PlanSection.Kind.COMMITMENTS,
        "Commitments",
        "Engagements",
        "The commitments below follow the Open Government Partnership template.",
        "Les engagements ci-dessous suivent le modèle du Partenariat pour un gouvernement ouvert.",
    ),
]

# (section, paragraph, language, text, received): during the Review phase (April-May 2018).
COMMENTS = [
    (
        "the-process",
        0,
        "en",
        "Please say how many people took part and where the sessions were held.",
        at(2018, 4, 9, 14, 20),
    ),
    (
        "the-process",
        0,
        "fr",
        "Veuillez préciser combien de personnes ont participé et où les séances ont eu lieu.",
        at(2018, 4, 17, 9, 45),
    ),
    (
        "introduction",
        1,
        "en",
        "Will there be a mid-term report on this plan?",
        at(2018, 5, 2, 19, 5),
    ),
]


class _Clock:
    """Dates what each step records for the plan, as if it happened on the step's day.

    The services stamp their rows with the time they run; a row stamped since the load began
    was written by the step just done, so it gets the step's date.
    """

    def __init__(self, plan: Plan, since: datetime.datetime) -> None:
        self.plan = plan
        self.since = since

    def happened(self, when: datetime.datetime) -> None:
        versions = PlanVersion.objects.filter(plan=self.plan)
        rows = [
            (Plan.objects.filter(pk=self.plan.pk), "created_at"),
            (versions, "created_at"),
            (versions, "published_at"),
            (CabinetReview.objects.filter(version__plan=self.plan), "submitted_at"),
            (CabinetReview.objects.filter(version__plan=self.plan), "decided_at"),
            (PlanEvent.objects.filter(plan=self.plan), "at"),
            (ChangeExplanation.objects.filter(version__plan=self.plan), "updated_at"),
        ]
        for queryset, field in rows:
            queryset.filter(**{f"{field}__gte": self.since}).update(**{field: when})


def _comment(
    process: Process, opportunity, target, language: str, text: str, when: datetime.datetime
):
    return Contribution.objects.create(
        process=process,
        opportunity=opportunity,
        phase=opportunity.phase if opportunity else None,
        kind=Kind.COMMENT,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        text=text,
        language=language,
        consent_to_publish=True,
        moderation_state=ModerationState.PUBLISHED,
        # Moderated the next working morning.
        moderated_at=when + datetime.timedelta(hours=20),
        received_at=when,
    )


def load(stdout=None) -> Plan | None:
    process = Process.objects.filter(slug=process_demo.PAST_SLUG).first()
    if process is None or Plan.objects.filter(process=process).exists():
        return None
    admin = User.objects.filter(email="admin@example.org").first()
    since = timezone.now()
    plan = services.plan_create(process=process, actor=admin)
    clock = _Clock(plan, since)
    clock.happened(at(2018, 3, 19))
    draft = plan.versions.get()
    draft.sections.all().delete()
    for key, kind, heading_en, heading_fr, body_en, body_fr in SECTIONS:
        services.plan_section_add(
            version=draft,
            key=key,
            kind=kind,
            heading_en=heading_en,
            heading_fr=heading_fr,
            body_en=body_en,
            body_fr=body_fr,
        )
    clock.happened(at(2018, 3, 28))
    review = services.plan_version_publish(
        version=draft, status=PlanVersion.Status.REVIEW, actor=admin
    )
    clock.happened(at(2018, 4, 3, 9))
    opportunity = Opportunity.objects.filter(
        phase__process=process, kind=Opportunity.Kind.DRAFT_PLAN
    ).first()
    sections = {section.key: section for section in review.frozen_sections.all()}
    comments = []
    for key, index, language, text, when in COMMENTS:
        paragraph = list(sections[key].paragraphs.order_by("position"))[index]
        comments.append(_comment(process, opportunity, paragraph, language, text, when))
    _comment(
        process,
        opportunity,
        review,
        "fr",
        "Un plan clair; j’aimerais plus d’engagements sur la participation des jeunes.",
        at(2018, 5, 24, 16, 30),
    )

    final = services.plan_version_create(plan=plan, actor=admin)
    clock.happened(at(2018, 6, 4))
    process_section = final.sections.get(key="the-process")
    services.plan_section_update(
        section=process_section,
        kind=process_section.kind,
        heading_en=process_section.heading_en,
        heading_fr=process_section.heading_fr,
        body_en=(
            "From October 2017, we asked which priorities to focus on and met more than 1,000 "
            "people in 12 cities across the country, online and in person.\n\n"
            "The Multi-stakeholder Forum co-drafted the commitments with departments.\n\n"
            "The draft plan was open for public comment in April and May 2018; this final plan "
            "shows what changed in answer."
        ),
        body_fr=(
            "À partir d’octobre 2017, nous avons demandé quelles priorités privilégier et "
            "rencontré plus de 1 000 personnes dans 12 villes du pays, en ligne et en personne."
            "\n\n"
            "Le Forum multi-intervenants a rédigé les engagements conjointement avec les "
            "ministères.\n\n"
            "Le plan provisoire a été soumis aux commentaires du public en avril et en mai 2018; "
            "ce plan final montre ce qui a changé en réponse."
        ),
    )
    clock.happened(at(2018, 6, 8))
    review_request = services.cabinet_review_submit(
        version=final,
        actor=admin,
        notes_en="Final text after public review.",
        notes_fr="Texte final après l’examen public.",
    )
    clock.happened(at(2018, 6, 12))
    services.cabinet_review_decide(
        review=review_request,
        status=CabinetReview.Status.APPROVED,
        actor=admin,
        notes_en="Approved as submitted.",
        notes_fr="Approuvé tel que soumis.",
    )
    clock.happened(at(2018, 6, 21))
    final = services.plan_version_publish(
        version=final, status=PlanVersion.Status.FINAL, actor=admin
    )
    clock.happened(at(2018, 6, 28, 9))
    old = list(sections["the-process"].paragraphs.order_by("position"))[0]
    new_section = final.frozen_sections.get(key="the-process")
    new = list(new_section.paragraphs.order_by("position"))[0]
    services.change_explain(
        version=final,
        old_paragraph=old,
        new_paragraph=new,
        explanation_en="You asked how many people took part and where: we now say so.",
        explanation_fr="Vous avez demandé combien de personnes ont participé et où : nous le "
        "précisons maintenant.",
        cited_comment_ids=[comments[0].pk, comments[1].pk],
    )
    clock.happened(at(2018, 6, 28, 9, 30))
    if stdout is not None:
        stdout.write(f"plans: draft v{review.number} and final v{final.number}\n")
    return plan
