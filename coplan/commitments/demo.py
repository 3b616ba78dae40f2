"""Demo commitments of both processes (idempotent).

The 4th plan (complete): five bilingual commitments as they ended in June 2020. Three went
through the plan: one still in implementation at the end (milestones, progress reports, a
civil-society assessment), one completed, one co-drafted with versions, an accepted and a
declined amendment before it entered the plan; two were withdrawn with their reason. Every
version, transition, amendment and progress update is dated when it happened (Drafting in
February-March 2018, the draft plan in April, the final plan at the end of June, then two years
of implementation), never the day the demo is loaded.

The current process (Development phase): the Multi-stakeholder Forum's first potential
commitments, one proposed and one being co-drafted, dated over the last weeks.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from coplan.accounts.models import Organisation, User
from coplan.contributions.models import Contribution, ModerationState
from coplan.processes import demo as process_demo
from coplan.processes.demo import at
from coplan.processes.models import Phase, Process

from . import services
from .models import (
    ActorKind,
    Amendment,
    Commitment,
    CommitmentActor,
    CommitmentTransition,
    CommitmentVersion,
    MilestoneEvidence,
    OgpValue,
    ProgressUpdate,
    Status,
    Theme,
)

THEMES = [
    ("open-data", "Open data", "Données ouvertes"),
    ("access-to-information", "Access to information", "Accès à l’information"),
    ("open-science", "Open science", "Science ouverte"),
    ("democracy", "Healthy democracy", "Démocratie saine"),
]


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


def _org(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


class _Clock:
    """Dates what each demo step records, as if it happened on the step's day.

    The services stamp their rows with the time they run; a row stamped since the load began
    was written by the step just done, so it gets the step's date.
    """

    def __init__(self) -> None:
        self.since = timezone.now()

    def happened(self, commitment: Commitment, when: datetime.datetime) -> None:
        rows = [
            (CommitmentVersion.objects.filter(commitment=commitment), "created_at"),
            (CommitmentTransition.objects.filter(commitment=commitment), "at"),
            (CommitmentActor.objects.filter(commitment=commitment), "invited_at"),
            (CommitmentActor.objects.filter(commitment=commitment), "responded_at"),
            (Amendment.objects.filter(commitment=commitment), "created_at"),
            (Amendment.objects.filter(commitment=commitment), "decided_at"),
            (ProgressUpdate.objects.filter(milestone__commitment=commitment), "created_at"),
            (MilestoneEvidence.objects.filter(milestone__commitment=commitment), "added_at"),
            (
                Contribution.objects.filter(
                    pk__in=Amendment.objects.filter(commitment=commitment).values("contribution")
                ),
                "received_at",
            ),
        ]
        for queryset, field in rows:
            queryset.filter(**{f"{field}__gte": self.since}).update(**{field: when})
        Commitment.objects.filter(pk=commitment.pk, created_at__gte=self.since).update(
            created_at=when
        )
        # The last step so far is the last change.
        Commitment.objects.filter(pk=commitment.pk).update(updated_at=when)
        commitment.milestones.filter(updated_at__gte=self.since).update(updated_at=when)


def load(stdout=None) -> None:
    _load_past()
    _load_current()


def _load_past() -> None:
    process = Process.objects.filter(slug=process_demo.PAST_SLUG).first()
    if process is None or process.commitments.exists():
        return
    statcan, tbs, nrcan = _org("statcan"), _org("tbs"), _org("nrcan")
    open_north, civic_tech = _org("open-north"), _org("civic-tech-network")
    if not all([statcan, tbs, nrcan, open_north, civic_tech]):
        return
    admin, forum = _user("admin@example.org"), _user("forum@example.org")
    reporter, participant = _user("reporter@example.org"), _user("participant@example.org")
    themes = _themes()
    clock = _Clock()
    with transaction.atomic():
        _implementation(process, admin, reporter, statcan, open_north, themes, clock)
        _completed(process, admin, tbs, themes, clock)
        _codrafting(process, admin, forum, participant, nrcan, civic_tech, themes, clock)
        literacy = services.commitment_create(
            process=process,
            identifier="C-04",
            title_en="Digital literacy for open government",
            title_fr="Littératie numérique pour un gouvernement ouvert",
            problem_en="Many people lack the skills to use open data and take part online.",
            problem_fr="Bien des gens n’ont pas les compétences pour utiliser les données "
            "ouvertes et participer en ligne.",
            author=forum,
        )
        clock.happened(literacy, at(2018, 2, 8))
        services.commitment_transition(
            commitment=literacy,
            to_status=Status.WITHDRAWN,
            user=admin,
            reason_en="Merged into the open data inventory, whose milestones now include "
            "training on using the data.",
            reason_fr="Intégré au répertoire des données ouvertes, dont les jalons comprennent "
            "maintenant une formation à l’utilisation des données.",
        )
        clock.happened(literacy, at(2018, 3, 22))
        withdrawn = services.commitment_create(
            process=process,
            identifier="C-05",
            title_en="Open parliamentary calendar",
            title_fr="Calendrier parlementaire ouvert",
            author=forum,
        )
        clock.happened(withdrawn, at(2018, 2, 8, 11))
        services.commitment_transition(
            commitment=withdrawn,
            to_status=Status.WITHDRAWN,
            user=admin,
            reason_en="Parliament publishes this calendar itself; it is outside the plan's scope.",
            reason_fr="Le Parlement publie lui-même ce calendrier; cela dépasse la portée du plan.",
        )
        clock.happened(withdrawn, at(2018, 2, 20))


def _load_current() -> None:
    """The current process's first potential commitments (its Development phase)."""
    process = Process.objects.filter(slug=process_demo.CURRENT_SLUG).first()
    if process is None or process.commitments.exists():
        return
    admin, forum = _user("admin@example.org"), _user("forum@example.org")
    tbs = _org("tbs")
    if admin is None or tbs is None:
        return
    editor = forum or admin
    themes = _themes()
    clock = _Clock()
    today = timezone.localdate()
    # Potential commitments would run through the next plan's implementation.
    implementation = process_demo.current_phase_dates(today)[Phase.Kind.IMPLEMENTATION]

    def days_ago(days: int) -> datetime.datetime:
        day = today - datetime.timedelta(days=days)
        return datetime.datetime(day.year, day.month, day.day, 10, tzinfo=process_demo.TZ)

    with transaction.atomic():
        draft = services.commitment_create(
            process=process,
            identifier="C-01",
            title_en="Transparency of automated decisions",
            title_fr="Transparence des décisions automatisées",
            problem_en="People cannot see which government decisions are made or assisted by "
            "algorithms, nor how to contest them.",
            problem_fr="On ne peut pas savoir quelles décisions du gouvernement sont prises ou "
            "appuyées par des algorithmes, ni comment les contester.",
            author=editor,
        )
        clock.happened(draft, days_ago(20))
        _advance(draft, admin, Status.DRAFT)
        clock.happened(draft, days_ago(18))
        _fill(
            draft,
            editor,
            [themes["democracy"]],
            _template(
                "Transparency of automated decisions",
                "Transparence des décisions automatisées",
                "automated decision systems",
                "les systèmes de décision automatisée",
                [OgpValue.ACCESS_TO_INFORMATION, OgpValue.PUBLIC_ACCOUNTABILITY],
                *implementation,
            ),
            ("First full draft.", "Première ébauche complète."),
        )
        clock.happened(draft, days_ago(12))
        services.actor_add(commitment=draft, organisation=tbs, kind=ActorKind.LEAD)
        clock.happened(draft, days_ago(12))
        proposed = services.commitment_create(
            process=process,
            identifier="C-02",
            title_en="Open data on housing",
            title_fr="Données ouvertes sur le logement",
            problem_en="Data on housing starts, rents and federal housing programs is hard to "
            "find and to compare across regions.",
            problem_fr="Les données sur les mises en chantier, les loyers et les programmes "
            "fédéraux de logement sont difficiles à trouver et à comparer d’une région à l’autre.",
            author=editor,
        )
        clock.happened(proposed, days_ago(6))


def _themes() -> dict[str, Theme]:
    themes = {}
    for slug, label_en, label_fr in THEMES:
        themes[slug], _ = Theme.objects.update_or_create(
            slug=slug, defaults={"label_en": label_en, "label_fr": label_fr}
        )
    return themes


def _fill(
    commitment: Commitment, editor: User, themes: list[Theme], texts: dict, note: tuple[str, str]
):
    services.commitment_edit(
        commitment=commitment,
        editor=editor,
        base_version=commitment.version_number,
        data=texts,
        themes=themes,
        note_en=note[0],
        note_fr=note[1],
    )


def _template(title_en, title_fr, subject_en, subject_fr, values, start, end) -> dict:
    return {
        "title_en": title_en,
        "title_fr": title_fr,
        "problem_en": f"People find it hard to learn about {subject_en} and to use what "
        "government publishes.",
        "problem_fr": f"Il est difficile de s’informer sur {subject_fr} et d’utiliser ce que le "
        "gouvernement publie.",
        "status_quo_en": f"Information about {subject_en} is spread across many sites, in "
        "formats that are hard to reuse.",
        "status_quo_fr": f"L’information sur {subject_fr} est dispersée sur de nombreux sites, "
        "dans des formats difficiles à réutiliser.",
        "description_en": f"Publish information about {subject_en} in one place, in open "
        "formats, and work with civil society on what to publish first.",
        "description_fr": f"Publier l’information sur {subject_fr} en un seul endroit, dans des "
        "formats ouverts, et travailler avec la société civile sur les priorités.",
        "how_it_helps_en": "Open, complete and timely information lets people hold government "
        "to account and build on its work.",
        "how_it_helps_fr": "Une information ouverte, complète et à jour permet de demander des "
        "comptes au gouvernement et de tirer parti de son travail.",
        "relevance_en": "It advances transparency and invites the public to take part.",
        "relevance_fr": "Il fait progresser la transparence et invite le public à participer.",
        "contact_office_en": "Open Government Secretariat, Treasury Board of Canada Secretariat",
        "contact_office_fr": "Secrétariat du gouvernement ouvert, Secrétariat du Conseil du "
        "Trésor du Canada",
        "contact_email": "open-ouvert@tbs-sct.gc.ca",
        "ogp_values": values,
        "starts_on": start,
        "ends_on": end,
    }


def _milestone(commitment, editor, org, en, fr, start, end):
    return services.milestone_save(
        commitment=commitment,
        editor=editor,
        data={
            "description_en": en,
            "description_fr": fr,
            "starts_on": start,
            "ends_on": end,
            "responsible": org,
        },
    )


def _advance(commitment, admin, *statuses):
    for status in statuses:
        services.commitment_transition(commitment=commitment, to_status=status, user=admin)


# When the 4th plan's commitments moved: drafts in Drafting, the draft plan published for Review
# on April 3, 2018, the final plan on June 28, implementation from July 3.
PLAN_STEPS = [
    (Status.DRAFT, at(2018, 2, 12)),
    (Status.IN_DRAFT_PLAN, at(2018, 4, 3)),
    (Status.FINAL, at(2018, 6, 28)),
    (Status.IN_IMPLEMENTATION, at(2018, 7, 3)),
]


def _through_the_plan(commitment, admin, clock, first: Status = Status.DRAFT) -> None:
    """Move a commitment from `first` into implementation, each step on its day."""
    steps = [status for status, _when in PLAN_STEPS]
    for status, when in PLAN_STEPS[steps.index(first) :]:
        services.commitment_transition(commitment=commitment, to_status=status, user=admin)
        clock.happened(commitment, when)


def _implementation(process, admin, reporter, statcan, open_north, themes, clock):
    commitment = services.commitment_create(
        process=process,
        identifier="C-01",
        title_en="Open data inventory",
        title_fr="Répertoire des données ouvertes",
        author=admin,
    )
    clock.happened(commitment, at(2018, 2, 5))
    _fill(
        commitment,
        admin,
        [themes["open-data"]],
        _template(
            "Open data inventory",
            "Répertoire des données ouvertes",
            "federal data holdings",
            "les fonds de données fédéraux",
            [OgpValue.ACCESS_TO_INFORMATION, OgpValue.TECHNOLOGY_AND_INNOVATION],
            d(2018, 7, 1),
            d(2020, 6, 30),
        ),
        ("First full draft.", "Première ébauche complète."),
    )
    services.actor_add(commitment=commitment, organisation=statcan, kind=ActorKind.LEAD)
    partner = services.actor_add(
        commitment=commitment,
        organisation=open_north,
        kind=ActorKind.CIVIL_SOCIETY,
        role_en="Reviews the inventory and reports on its usefulness.",
        role_fr="Examine le répertoire et rend compte de son utilité.",
    )
    clock.happened(commitment, at(2018, 2, 9))
    first = _milestone(
        commitment,
        admin,
        statcan,
        "Publish an inventory of the department's data holdings.",
        "Publier un répertoire des fonds de données du ministère.",
        d(2018, 7, 1),
        d(2019, 3, 31),
    )
    second = _milestone(
        commitment,
        admin,
        statcan,
        "Release the 100 most requested data sets.",
        "Diffuser les 100 jeux de données les plus demandés.",
        d(2019, 1, 1),
        d(2019, 12, 31),
    )
    third = _milestone(
        commitment,
        admin,
        statcan,
        "Report publicly on the use of released data.",
        "Rendre compte publiquement de l’utilisation des données diffusées.",
        d(2020, 1, 1),
        d(2020, 6, 30),
    )
    clock.happened(commitment, at(2018, 3, 14))
    _through_the_plan(commitment, admin, clock)
    open_north_member = User.objects.filter(organisation=open_north, is_staff=True).first()
    if open_north_member is not None:
        services.actor_respond(actor=partner, user=open_north_member, confirm=True)
        clock.happened(commitment, at(2018, 7, 10))
    services.progress_report(
        milestone=first,
        user=admin,
        reported_on=d(2019, 3, 15),
        text_en="The inventory of 1,200 data holdings is published on the open data portal.",
        text_fr="Le répertoire de 1 200 fonds de données est publié sur le portail.",
        status="completed",
        percent_complete=100,
        evidence_url="https://open.canada.ca/en/open-data",
        evidence_label_en="Open data portal",
        evidence_label_fr="Portail des données ouvertes",
    )
    clock.happened(commitment, at(2019, 3, 15, 14))
    services.progress_report(
        milestone=second,
        user=admin,
        reported_on=d(2019, 9, 30),
        text_en="62 of the 100 most requested data sets are released.",
        text_fr="62 des 100 jeux de données les plus demandés sont diffusés.",
        status="delayed",
        percent_complete=62,
    )
    clock.happened(commitment, at(2019, 9, 30, 14))
    if open_north_member is not None:
        services.assessment_post(
            milestone=second,
            user=open_north_member,
            reported_on=d(2019, 10, 15),
            text_en="Fewer than half of the released data sets have complete documentation.",
            text_fr="Moins de la moitié des jeux de données diffusés sont bien documentés.",
            status="delayed",
            percent_complete=45,
        )
        clock.happened(commitment, at(2019, 10, 15, 14))
    services.progress_report(
        milestone=second,
        user=admin,
        reported_on=d(2020, 3, 31),
        text_en="88 of the 100 most requested data sets are released; the last 12 need "
        "agreements with provinces and will be carried into the next plan.",
        text_fr="88 des 100 jeux de données les plus demandés sont diffusés; les 12 derniers "
        "exigent des ententes avec les provinces et seront reportés au prochain plan.",
        status="delayed",
        percent_complete=88,
    )
    clock.happened(commitment, at(2020, 3, 31, 14))
    services.progress_report(
        milestone=third,
        user=admin,
        reported_on=d(2020, 6, 26),
        text_en="The report on the use of released data is published.",
        text_fr="Le rapport sur l’utilisation des données diffusées est publié.",
        status="completed",
        percent_complete=100,
        evidence_url="https://open.canada.ca/en/content/open-government-reports",
        evidence_label_en="Open government reports",
        evidence_label_fr="Rapports sur le gouvernement ouvert",
    )
    clock.happened(commitment, at(2020, 6, 26, 14))


def _completed(process, admin, tbs, themes, clock):
    commitment = services.commitment_create(
        process=process,
        identifier="C-02",
        title_en="Access to information reform",
        title_fr="Réforme de l’accès à l’information",
        author=admin,
    )
    clock.happened(commitment, at(2018, 2, 5, 11))
    _fill(
        commitment,
        admin,
        [themes["access-to-information"], themes["democracy"]],
        _template(
            "Access to information reform",
            "Réforme de l’accès à l’information",
            "access to information requests",
            "les demandes d’accès à l’information",
            [OgpValue.ACCESS_TO_INFORMATION, OgpValue.PUBLIC_ACCOUNTABILITY],
            d(2018, 7, 1),
            d(2020, 6, 30),
        ),
        ("First full draft.", "Première ébauche complète."),
    )
    services.actor_add(commitment=commitment, organisation=tbs, kind=ActorKind.LEAD)
    milestone = _milestone(
        commitment,
        admin,
        tbs,
        "Publish summaries of completed access requests in a searchable database.",
        "Publier les résumés des demandes d’accès traitées dans une base consultable.",
        d(2018, 9, 1),
        d(2019, 6, 30),
    )
    clock.happened(commitment, at(2018, 2, 16))
    _through_the_plan(commitment, admin, clock)
    services.progress_report(
        milestone=milestone,
        user=admin,
        reported_on=d(2019, 6, 20),
        text_en="Summaries of all completed requests since 2017 are searchable online.",
        text_fr="Les résumés de toutes les demandes traitées depuis 2017 sont consultables en "
        "ligne.",
        status="completed",
        percent_complete=100,
    )
    clock.happened(commitment, at(2019, 6, 20, 14))
    services.commitment_transition(commitment=commitment, to_status=Status.COMPLETED, user=admin)
    clock.happened(commitment, at(2019, 7, 2))


def _codrafting(process, admin, forum, participant, nrcan, civic_tech, themes, clock):
    editor = forum or admin
    commitment = services.commitment_create(
        process=process,
        identifier="C-03",
        title_en="Open science",
        title_fr="Science ouverte",
        problem_en="Publicly funded research is often behind paywalls.",
        problem_fr="La recherche financée par le public est souvent payante.",
        author=editor,
    )
    clock.happened(commitment, at(2018, 2, 6))
    services.commitment_transition(commitment=commitment, to_status=Status.DRAFT, user=admin)
    clock.happened(commitment, at(2018, 2, 12))
    texts = _template(
        "Open science",
        "Science ouverte",
        "federal science",
        "la science fédérale",
        [OgpValue.ACCESS_TO_INFORMATION, OgpValue.CIVIC_PARTICIPATION],
        d(2018, 7, 1),
        d(2020, 6, 30),
    )
    _fill(
        commitment,
        editor,
        [themes["open-science"]],
        texts,
        ("First full draft.", "Première ébauche complète."),
    )
    clock.happened(commitment, at(2018, 2, 21))
    texts["description_en"] += " Federal scientists will be free to speak about their work."
    texts["description_fr"] += (
        " Les scientifiques fédéraux pourront parler librement de leurs travaux."
    )
    _fill(
        commitment,
        editor,
        [themes["open-science"]],
        texts,
        ("Added scientists’ freedom to speak.", "Ajout de la liberté de parole des scientifiques."),
    )
    clock.happened(commitment, at(2018, 3, 2))
    services.actor_add(commitment=commitment, organisation=nrcan, kind=ActorKind.LEAD)
    services.actor_add(
        commitment=commitment,
        organisation=civic_tech,
        kind=ActorKind.CIVIL_SOCIETY,
        role_en="Tests the open science portal with researchers.",
        role_fr="Teste le portail de science ouverte avec des chercheurs.",
    )
    _milestone(
        commitment,
        editor,
        nrcan,
        "Publish a roadmap for open science.",
        "Publier une feuille de route pour la science ouverte.",
        d(2018, 9, 1),
        d(2019, 3, 31),
    )
    clock.happened(commitment, at(2018, 3, 5))
    if participant is not None:
        _amendments(commitment, editor, participant, clock)
    _through_the_plan(commitment, admin, clock, first=Status.IN_DRAFT_PLAN)
    services.progress_report(
        milestone=commitment.milestones.get(),
        user=admin,
        reported_on=d(2019, 3, 29),
        text_en="The Roadmap for Open Science is published.",
        text_fr="La Feuille de route pour la science ouverte est publiée.",
        status="completed",
        percent_complete=100,
    )
    clock.happened(commitment, at(2019, 3, 29, 14))


def _amendments(commitment, editor, participant, clock):
    """A participant's two proposals during Drafting: one accepted, one declined."""
    accepted = services.amendment_propose(
        commitment=commitment,
        author=participant,
        field="how_it_helps",
        language="en",
        replacement="Free access to publicly funded research lets everyone check and reuse it, "
        "and lets teachers and small businesses benefit from it.",
        reason="The draft should say who benefits, not only that information is open.",
    )
    declined = services.amendment_propose(
        commitment=commitment,
        author=participant,
        field="title",
        language="en",
        replacement="Open science now",
        reason="A stronger title.",
    )
    clock.happened(commitment, at(2018, 3, 9))
    Contribution.objects.filter(pk__in=[accepted.contribution_id, declined.contribution_id]).update(
        moderation_state=ModerationState.PUBLISHED, moderated_at=at(2018, 3, 12)
    )
    services.amendment_accept(
        amendment=accepted,
        editor=editor,
        response_en="Thank you: the text now says who benefits.",
        response_fr="Merci : le texte précise maintenant qui en profite.",
    )
    clock.happened(commitment, at(2018, 3, 16))
    services.amendment_decline(
        amendment=declined,
        editor=editor,
        response_en="Titles in the plan describe the subject; urgency belongs in the milestones.",
        response_fr="Les titres du plan décrivent le sujet; l’urgence se traduit dans les jalons.",
    )
    clock.happened(commitment, at(2018, 3, 16, 11))
