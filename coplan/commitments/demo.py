"""Demo commitments for Canada's 4th Plan on Open Government (idempotent).

Five bilingual commitments in several states: one in implementation with milestones, progress
reports and a civil-society assessment; one in the final plan; one being co-drafted with
versions, an accepted and a declined amendment; one proposed; one withdrawn with its reason.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from coplan.accounts.models import Organisation, User
from coplan.contributions.models import Contribution, ModerationState
from coplan.processes import demo as process_demo
from coplan.processes.models import Process

from . import services
from .models import ActorKind, Commitment, OgpValue, Status, Theme

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


def load(stdout=None) -> None:
    process = Process.objects.filter(slug=process_demo.SLUG).first()
    if process is None or process.commitments.exists():
        return
    statcan, tbs, nrcan = _org("statcan"), _org("tbs"), _org("nrcan")
    open_north, civic_tech = _org("open-north"), _org("civic-tech-network")
    if not all([statcan, tbs, nrcan, open_north, civic_tech]):
        return
    admin, forum = _user("admin@example.org"), _user("forum@example.org")
    reporter, participant = _user("reporter@example.org"), _user("participant@example.org")
    themes = {}
    for slug, label_en, label_fr in THEMES:
        themes[slug], _ = Theme.objects.update_or_create(
            slug=slug, defaults={"label_en": label_en, "label_fr": label_fr}
        )
    with transaction.atomic():
        _implementation(process, admin, reporter, statcan, open_north, themes)
        _final(process, admin, tbs, themes)
        _codrafting(process, admin, forum, participant, nrcan, civic_tech, themes)
        services.commitment_create(
            process=process,
            identifier="C-04",
            title_en="Digital literacy for open government",
            title_fr="Littératie numérique pour un gouvernement ouvert",
            problem_en="Many people lack the skills to use open data and take part online.",
            problem_fr="Bien des gens n’ont pas les compétences pour utiliser les données "
            "ouvertes et participer en ligne.",
            author=forum,
        )
        withdrawn = services.commitment_create(
            process=process,
            identifier="C-05",
            title_en="Open parliamentary calendar",
            title_fr="Calendrier parlementaire ouvert",
            author=forum,
        )
        services.commitment_transition(
            commitment=withdrawn,
            to_status=Status.WITHDRAWN,
            user=admin,
            reason_en="Parliament publishes this calendar itself; it is outside the plan's scope.",
            reason_fr="Le Parlement publie lui-même ce calendrier; cela dépasse la portée du plan.",
        )


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


def _implementation(process, admin, reporter, statcan, open_north, themes):
    commitment = services.commitment_create(
        process=process,
        identifier="C-01",
        title_en="Open data inventory",
        title_fr="Répertoire des données ouvertes",
        author=admin,
    )
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
    _milestone(
        commitment,
        admin,
        statcan,
        "Report publicly on the use of released data.",
        "Rendre compte publiquement de l’utilisation des données diffusées.",
        d(2020, 1, 1),
        d(2020, 6, 30),
    )
    _advance(
        commitment,
        admin,
        Status.DRAFT,
        Status.IN_DRAFT_PLAN,
        Status.FINAL,
        Status.IN_IMPLEMENTATION,
    )
    open_north_member = User.objects.filter(organisation=open_north, is_staff=True).first()
    if open_north_member is not None:
        services.actor_respond(actor=partner, user=open_north_member, confirm=True)
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
    services.progress_report(
        milestone=second,
        user=admin,
        reported_on=d(2019, 9, 30),
        text_en="62 of the 100 most requested data sets are released.",
        text_fr="62 des 100 jeux de données les plus demandés sont diffusés.",
        status="delayed",
        percent_complete=62,
    )
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


def _final(process, admin, tbs, themes):
    commitment = services.commitment_create(
        process=process,
        identifier="C-02",
        title_en="Access to information reform",
        title_fr="Réforme de l’accès à l’information",
        author=admin,
    )
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
    _milestone(
        commitment,
        admin,
        tbs,
        "Publish summaries of completed access requests in a searchable database.",
        "Publier les résumés des demandes d’accès traitées dans une base consultable.",
        d(2018, 9, 1),
        d(2019, 6, 30),
    )
    _advance(commitment, admin, Status.DRAFT, Status.IN_DRAFT_PLAN, Status.FINAL)


def _codrafting(process, admin, forum, participant, nrcan, civic_tech, themes):
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
    _advance(commitment, admin, Status.DRAFT)
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
    if participant is None:
        return
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
    Contribution.objects.filter(pk__in=[accepted.contribution_id, declined.contribution_id]).update(
        moderation_state=ModerationState.PUBLISHED
    )
    services.amendment_accept(
        amendment=accepted,
        editor=editor,
        response_en="Thank you: the text now says who benefits.",
        response_fr="Merci : le texte précise maintenant qui en profite.",
    )
    services.amendment_decline(
        amendment=declined,
        editor=editor,
        response_en="Titles in the plan describe the subject; urgency belongs in the milestones.",
        response_fr="Les titres du plan décrivent le sujet; l’urgence se traduit dans les jalons.",
    )
