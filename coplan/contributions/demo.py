"""Demo ideas and comments on the current process's call for ideas, in English and French.

The call for ideas is open in the current process (its Development phase contains today), so the
ideas are dated over the last weeks, counted from the day the demo is loaded.

Everything is stored through contribution_submit (pending, language detected, sensitive
information redacted), idempotently by external reference. The moderation demo then approves the
items marked to be published, with the demo moderator, so the audit log is real too; a few
items stay pending for the moderation queue.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from coplan.processes.demo import CURRENT_SLUG, TZ
from coplan.processes.models import Opportunity, Process

from .models import Contribution, Kind, Support
from .services import contribution_submit

# (title, text, supports); published unless listed in PENDING_IDEAS.
IDEAS = [
    (
        "Open contracts by default",
        "Publish every federal contract over $10,000 as open data within 30 days, with the "
        "amendments, so that anyone can follow how public money is spent.",
        41,
    ),
    (
        "Des données ouvertes sur les subventions",
        "Publier toutes les subventions et contributions fédérales dans un format ouvert, avec "
        "le nom des bénéficiaires et les résultats obtenus.",
        35,
    ),
    (
        "Plain-language summaries of regulations",
        "Every proposed regulation in the Canada Gazette should come with a one-page summary in "
        "plain language, so that people can comment without a lawyer.",
        28,
    ),
    (
        "Un registre des lobbyistes plus lisible",
        "Le registre des lobbyistes devrait permettre de voir, pour chaque ministère, qui a "
        "rencontré qui et à quel sujet, avec des données téléchargeables.",
        24,
    ),
    (
        "Open data on First Nations drinking water advisories",
        "Publish the drinking water advisories, their causes and the work done to lift them, "
        "community by community, updated every month.",
        31,
    ),
    (
        "Accès à l’information en ligne pour tous",
        "Permettre de présenter toutes les demandes d’accès à l’information en ligne, et publier "
        "les réponses déjà communiquées pour éviter les demandes en double.",
        22,
    ),
    (
        "Beneficial ownership registry",
        "Create a public registry of who really owns and controls companies in Canada, to fight "
        "money laundering and tax evasion.",
        38,
    ),
    (
        "Budget ouvert et interactif",
        "Présenter le budget fédéral sous forme de données ouvertes et de visualisations, pour "
        "que chacun puisse comparer les dépenses prévues et réelles.",
        17,
    ),
    (
        "Open science: publish federal research",
        "Research funded by federal departments should be published in open access, with its "
        "data, within a year of completion.",
        19,
    ),
    (
        "Consultations accessibles en région",
        "Tenir des séances de consultation en personne hors des grands centres, et offrir une "
        "participation par téléphone pour les régions mal desservies par Internet.",
        14,
    ),
    (
        "Youth engagement in open government",
        "Work with schools and youth organisations so that young people can take part in "
        "drafting the plan, with material adapted to classrooms.",
        12,
    ),
    (
        "Suivi public des engagements",
        "Publier chaque trimestre l’état d’avancement de chaque engagement du plan, avec les "
        "jalons atteints et les retards expliqués.",
        26,
    ),
    (
        "Open data standards across provinces",
        "Agree with provinces and territories on common open data standards so that data sets "
        "can be compared across the country.",
        9,
    ),
    (
        "Transparence des algorithmes publics",
        "Publier la liste des systèmes de décision automatisée utilisés par le gouvernement, "
        "avec leur évaluation d’impact et une personne-ressource.",
        21,
    ),
    (
        "Feedback loop: what we did with your input",
        "After each consultation, publish what was heard and, for each suggestion, what the "
        "government decided to do with it and why.",
        33,
    ),
    (
        "Des données sur les langues officielles",
        "Publier des données ouvertes sur l’offre de services dans les deux langues officielles, "
        "bureau par bureau.",
        8,
    ),
    (
        "Open parliamentary data",
        "Work with Parliament so that votes, bills and committee evidence are available as "
        "structured open data, with stable identifiers.",
        15,
    ),
    (
        "Calendrier ouvert des ministres",
        "Publier l’agenda des ministres et des hauts fonctionnaires, comme le font d’autres "
        "pays membres du Partenariat pour un gouvernement ouvert.",
        18,
    ),
    (
        "Civic tech partnerships",
        "Fund partnerships with civic technology groups to build tools on top of government "
        "open data, and publish their source code.",
        7,
    ),
    (
        "Formation au gouvernement ouvert pour les fonctionnaires",
        "Offrir une formation sur la transparence et la participation du public à tous les "
        "nouveaux fonctionnaires fédéraux.",
        11,
    ),
    (
        "Open data on environmental monitoring",
        "Publish air and water quality monitoring data in near real time, with the methods used "
        "to collect it.",
        16,
    ),
    (
        "Rapports de dépenses des sociétés d’État",
        "Exiger des sociétés d’État qu’elles publient leurs dépenses de voyage et d’accueil "
        "dans le même format que les ministères.",
        10,
    ),
    (
        "Accessible formats for every publication",
        "Every document the government publishes for consultation should be available in "
        "accessible formats (HTML first, not only PDF).",
        13,
    ),
    (
        "Données sur les délais de traitement",
        "Publier les délais de traitement réels des principaux services (passeports, "
        "prestations, permis), mis à jour chaque mois.",
        20,
    ),
]

# Ideas that stay pending for the moderation queue (one with sensitive information).
PENDING_IDEAS = [
    (
        "Call me about open data in my town",
        "I run a community group and would like to help. My number is 613-555-0142 and my "
        "email is organiser@example.org.",
    ),
    (
        "Mon dossier d’impôt",
        "Mon numéro d’assurance sociale est 046 454 286 et je n’ai toujours pas reçu mon "
        "remboursement. Pouvez-vous vérifier?",
    ),
    (
        "Open data hackathons",
        "Hold a yearly hackathon in each province on federal open data, with prizes for the "
        "most useful tools.",
    ),
]

# (idea index, text, replies)
COMMENTS = [
    (
        0,
        "Yes, and the contract amendments matter as much as the original amounts.",
        ["Agreed: amendments are where costs grow."],
    ),
    (
        0,
        "Les provinces devraient faire la même chose pour leurs contrats.",
        ["Bonne idée, certaines le font déjà."],
    ),
    (1, "Il faudrait aussi publier les évaluations des programmes de subventions.", []),
    (
        2,
        "Plain language would help people with low literacy too.",
        ["And translations into Indigenous languages where possible."],
    ),
    (4, "Communities should be involved in deciding how this data is presented.", []),
    (
        6,
        "The United Kingdom already has such a registry; we can learn from it.",
        ["Its data quality problems are worth studying as well."],
    ),
    (7, "Les données devraient être mises à jour plus d’une fois par année.", []),
    (11, "Un tableau de bord public serait plus utile qu’un rapport annuel.", []),
    (
        14,
        "This is the most important idea here: people stop taking part when they never hear back.",
        ["Tout à fait d’accord."],
    ),
    (13, "Il faut aussi expliquer comment contester une décision automatisée.", []),
    (22, "HTML first is good for mobile phones as well.", []),
]

PENDING_COMMENTS = [
    (0, "Contact me at 416 555 0199 if you need help with contract data."),
    (3, "Je trouve que c’est une excellente idée, merci!"),
]

# Received over the last weeks of the current Development phase (it started 28 days ago): the
# last idea and its comments are a few days old, none is dated in the future.
DAYS_BACK = 25


def _start() -> datetime.datetime:
    first = timezone.localdate() - datetime.timedelta(days=DAYS_BACK)
    return datetime.datetime(first.year, first.month, first.day, 9, tzinfo=TZ)


def _when(index: int) -> datetime.datetime:
    return _start() + datetime.timedelta(hours=index * 18 + index % 7)


def demo_ideas_opportunity() -> Opportunity | None:
    """The open call for ideas: the current process's."""
    return Opportunity.objects.filter(
        phase__process__slug=CURRENT_SLUG, kind=Opportunity.Kind.IDEAS
    ).first()


def load(stdout=None) -> None:
    opportunity = demo_ideas_opportunity()
    if opportunity is None:
        return
    # Supports count once per confirmed email address: clearing cookies adds nothing.
    if opportunity.voice_rule != Opportunity.VoiceRule.CONFIRMED_EMAIL:
        opportunity.voice_rule = Opportunity.VoiceRule.CONFIRMED_EMAIL
        opportunity.save(update_fields=["voice_rule"])
    process: Process = opportunity.phase.process
    ideas = []
    for index, (title, text, _supports) in enumerate(IDEAS):
        ideas.append(
            contribution_submit(
                process=process,
                opportunity=opportunity,
                kind=Kind.IDEA,
                title=title,
                text=text,
                consent_to_publish=True,
                external_ref=f"demo:idea:{index}",
                received_at=_when(index),
                provenance={"demo": "publish"},
            )
        )
    for index, (title, text) in enumerate(PENDING_IDEAS):
        contribution_submit(
            process=process,
            opportunity=opportunity,
            kind=Kind.IDEA,
            title=title,
            text=text,
            consent_to_publish=True,
            external_ref=f"demo:pending-idea:{index}",
            received_at=_when(len(IDEAS) + index),
            provenance={"demo": "pending"},
        )
    for index, (idea_index, text, _replies) in enumerate(COMMENTS):
        idea = ideas[idea_index]
        contribution_submit(
            process=process,
            opportunity=opportunity,
            kind=Kind.COMMENT,
            target=idea,
            text=text,
            consent_to_publish=True,
            external_ref=f"demo:comment:{index}",
            received_at=_when(idea_index) + datetime.timedelta(days=2),
            provenance={"demo": "publish"},
        )
        # Replies are stored by replies_load(), once this comment is published.
    for index, (idea_index, text) in enumerate(PENDING_COMMENTS):
        contribution_submit(
            process=process,
            opportunity=opportunity,
            kind=Kind.COMMENT,
            target=ideas[idea_index],
            text=text,
            consent_to_publish=True,
            external_ref=f"demo:pending-comment:{index}",
            received_at=_when(idea_index) + datetime.timedelta(days=5),
            provenance={"demo": "pending"},
        )
    if stdout is not None:
        stdout.write(f"demo: {len(IDEAS) + len(PENDING_IDEAS)} ideas and their comments")


def replies_load() -> None:
    """The demo's replies, to the demo comments already published (replies need that)."""
    opportunity = demo_ideas_opportunity()
    if opportunity is None:
        return
    comments = {
        contribution.external_ref: contribution
        for contribution in Contribution.objects.filter(
            channel="web", external_ref__startswith="demo:comment:", moderation_state="published"
        )
    }
    for index, (idea_index, _text, replies) in enumerate(COMMENTS):
        comment = comments.get(f"demo:comment:{index}")
        if comment is None:
            continue
        for reply_index, reply_text in enumerate(replies):
            contribution_submit(
                process=opportunity.phase.process,
                opportunity=opportunity,
                kind=Kind.REPLY,
                parent=comment,
                text=reply_text,
                consent_to_publish=True,
                external_ref=f"demo:reply:{index}:{reply_index}",
                received_at=_when(idea_index) + datetime.timedelta(days=3),
                provenance={"demo": "publish"},
            )


def supports_load() -> None:
    """The demo's supports, once each idea is published (each supporter counts once)."""
    ideas = {
        contribution.external_ref: contribution
        for contribution in Contribution.objects.filter(
            channel="web", external_ref__startswith="demo:idea:", moderation_state="published"
        )
    }
    rows = []
    for index, (_title, _text, supports) in enumerate(IDEAS):
        idea = ideas.get(f"demo:idea:{index}")
        if idea is None:
            continue
        rows += [
            Support(
                contribution=idea,
                supporter_key=f"demo:{number}",
                created_at=idea.received_at,
                confirmed_at=idea.received_at,
            )
            for number in range(supports)
        ]
    Support.objects.bulk_create(rows, ignore_conflicts=True)
    counts = dict(
        Support.objects.filter(contribution__in=ideas.values())
        .values_list("contribution")
        .annotate(n=Count("pk"))
        .values_list("contribution", "n")
    )
    for idea in ideas.values():
        Contribution.objects.filter(pk=idea.pk).update(support_count=counts.get(idea.pk, 0))
