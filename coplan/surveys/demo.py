"""Demo questionnaires, with responses.

The 4th plan's Planning priorities questionnaire and "Get involved" (both closed, answered in
the fall of 2017), and the current process's priorities questionnaire, open until its Planning
phase ends and answered over the last weeks.

The responses are generated (a fixed random seed, so every load gives the same results) with
leanings that make the results read like a real consultation: open data and access to
information lead the priorities, more answers come from the populous provinces.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from coplan.processes.demo import CURRENT_SLUG, PAST_SLUG, TZ
from coplan.processes.models import Opportunity

from .models import Choice, Question, Questionnaire
from .services import ImportedResponse, responses_import_bulk

PLANNING_RESPONSES = 320
GET_INVOLVED_RESPONSES = 240
# The current questionnaire opened with its Planning phase, 56 days ago: fewer answers so far.
CURRENT_RESPONSES = 90
CURRENT_SLUG_QUESTIONNAIRE = "next-plan-priorities"

# (kind, text_en, text_fr, help_en, help_fr, required, allows_other, choices [(en, fr)...])
PLANNING_QUESTIONS = [
    (
        "ranking",
        "Rank these areas in order of priority for the 4th plan.",
        "Classez ces domaines par ordre de priorité pour le 4e plan.",
        "",
        "",
        True,
        False,
        [
            ("Open data", "Données ouvertes"),
            ("Access to information", "Accès à l’information"),
            ("Fiscal transparency", "Transparence financière"),
            ("Open science", "Science ouverte"),
            ("Citizen participation", "Participation citoyenne"),
            ("Open by default", "Ouvert par défaut"),
        ],
    ),
    (
        "multiple",
        "Where should we meet you in person?",
        "Où devrions-nous vous rencontrer en personne?",
        "Choose all that apply.",
        "Choisissez toutes les réponses qui s’appliquent.",
        False,
        True,
        [
            ("Town halls in my community", "Assemblées publiques dans ma collectivité"),
            (
                "Events held by organisations I belong to",
                "Événements d’organismes dont je fais partie",
            ),
            ("Conferences and trade shows", "Conférences et salons professionnels"),
            ("University and college campuses", "Campus universitaires et collégiaux"),
            ("Public libraries", "Bibliothèques publiques"),
        ],
    ),
    (
        "single",
        "How did you hear about this consultation?",
        "Comment avez-vous entendu parler de cette consultation?",
        "",
        "",
        False,
        False,
        [
            ("Social media", "Médias sociaux"),
            ("An email from the Government of Canada", "Un courriel du gouvernement du Canada"),
            ("A friend or colleague", "Un ami ou un collègue"),
            ("News media", "Médias d’information"),
            ("An organisation I belong to", "Un organisme dont je fais partie"),
        ],
    ),
    (
        "rating",
        "How familiar are you with open government?",
        "Dans quelle mesure connaissez-vous le gouvernement ouvert?",
        "",
        "",
        True,
        False,
        [],
    ),
    (
        "yes_no",
        "Have you taken part in an open-government consultation before?",
        "Avez-vous déjà participé à une consultation sur le gouvernement ouvert?",
        "",
        "",
        False,
        False,
        [],
    ),
    (
        "province",
        "Where do you live?",
        "Où habitez-vous?",
        "This lets us see where in Canada answers come from.",
        "Cela nous permet de voir d’où viennent les réponses au Canada.",
        False,
        False,
        [],
    ),
    (
        "long_text",
        "Is there anything else the 4th plan should include?",
        "Y a-t-il autre chose que le 4e plan devrait inclure?",
        "Please do not include personal information.",
        "Veuillez ne pas inclure de renseignements personnels.",
        False,
        False,
        [],
    ),
]

GET_INVOLVED_QUESTIONS = [
    (
        "multiple",
        "How would you like to take part in open government?",
        "Comment aimeriez-vous participer au gouvernement ouvert?",
        "Choose all that apply.",
        "Choisissez toutes les réponses qui s’appliquent.",
        True,
        True,
        [
            ("Online questionnaires", "Questionnaires en ligne"),
            ("Commenting on draft commitments", "Commenter les ébauches d’engagements"),
            ("In-person sessions", "Séances en personne"),
            ("Webinars", "Webinaires"),
            ("Following progress reports", "Suivre les rapports d’étape"),
        ],
    ),
    (
        "single",
        "How often would you like to hear from us?",
        "À quelle fréquence aimeriez-vous avoir de nos nouvelles?",
        "",
        "",
        False,
        False,
        [
            ("Every month", "Chaque mois"),
            ("Every three months", "Tous les trois mois"),
            ("Only at major milestones", "Seulement aux grandes étapes"),
        ],
    ),
    (
        "rating",
        "How important is open government to you?",
        "Quelle importance le gouvernement ouvert a-t-il pour vous?",
        "",
        "",
        False,
        False,
        [],
    ),
    (
        "yes_no",
        "Would you like to help co-draft a commitment?",
        "Aimeriez-vous aider à rédiger un engagement?",
        "",
        "",
        False,
        False,
        [],
    ),
    (
        "province",
        "Where do you live?",
        "Où habitez-vous?",
        "",
        "",
        False,
        False,
        [],
    ),
    (
        "short_text",
        "Which topic would you most like to work on with us?",
        "Sur quel sujet aimeriez-vous le plus travailler avec nous?",
        "",
        "",
        False,
        False,
        [],
    ),
]

RATING_LABELS = {
    "How familiar are you with open government?": (
        ("Not at all familiar", "Pas du tout"),
        ("Very familiar", "Très bien"),
    ),
    "How important is open government to you?": (
        ("Not important", "Pas importante"),
        ("Very important", "Très importante"),
    ),
}

# Population-like weights so results look plausible.
PROVINCE_WEIGHTS = {
    "ON": 38,
    "QC": 23,
    "BC": 13,
    "AB": 11,
    "MB": 4,
    "SK": 3,
    "NS": 3,
    "NB": 2,
    "NL": 1,
    "PE": 1,
    "NT": 1,
    "YT": 1,
    "NU": 1,
}

FREE_TEXT = {
    "en": [
        "Publish the data behind every commitment so that we can check progress ourselves.",
        "Make access to information requests faster and free for individuals.",
        "Hold sessions in smaller towns, not only in the big cities.",
        "Plain-language summaries of budgets would help people like me follow spending.",
        "Open science: publish federal research results and data openly.",
        "Working with Indigenous communities on how data about them is shared.",
    ],
    "fr": [
        "Publiez les données de chaque engagement pour que nous puissions suivre les progrès.",
        "Rendez les demandes d’accès à l’information plus rapides et gratuites.",
        "Tenez des séances dans les petites villes, pas seulement dans les grands centres.",
        "Des résumés des budgets en langage clair aideraient à suivre les dépenses.",
        "Science ouverte : publiez les résultats et les données de la recherche fédérale.",
        "Travailler avec les communautés autochtones sur le partage de leurs données.",
    ],
}


def _next_plan(questions: list[tuple]) -> list[tuple]:
    """The same questions, asked for the 5th plan."""
    return [
        (kind, en.replace("4th plan", "5th plan"), fr.replace("4e plan", "5e plan"), *rest)
        for kind, en, fr, *rest in questions
    ]


def _build(
    opportunity: Opportunity,
    slug: str,
    title: tuple[str, str],
    intro,
    questions,
    plan: tuple[str, str] = ("4th", "4e"),
    closes_at: datetime.datetime | None = None,
):
    questionnaire, _created = Questionnaire.objects.update_or_create(
        opportunity=opportunity,
        slug=slug,
        defaults={
            "title_en": title[0],
            "title_fr": title[1],
            "introduction_en": intro[0],
            "introduction_fr": intro[1],
            "thank_you_en": (
                f"Thank you for helping shape Canada's {plan[0]} Plan on Open Government."
            ),
            "thank_you_fr": (
                f"Merci de contribuer à façonner le {plan[1]} Plan du Canada pour un "
                "gouvernement ouvert."
            ),
            "closes_at": closes_at,
            "one_response_per_person": True,
            "results_visibility": Questionnaire.ResultsVisibility.PUBLIC,
        },
    )
    if questionnaire.questions.exists():
        return questionnaire, False
    for position, (kind, en, fr, help_en, help_fr, required, other, choices) in enumerate(
        questions, start=1
    ):
        labels = RATING_LABELS.get(en, (("", ""), ("", "")))
        question = Question.objects.create(
            questionnaire=questionnaire,
            position=position,
            kind=kind,
            text_en=en,
            text_fr=fr,
            help_text_en=help_en,
            help_text_fr=help_fr,
            required=required,
            allows_other=other,
            scale_min_label_en=labels[0][0],
            scale_min_label_fr=labels[0][1],
            scale_max_label_en=labels[1][0],
            scale_max_label_fr=labels[1][1],
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=n, label_en=c_en, label_fr=c_fr)
            for n, (c_en, c_fr) in enumerate(choices, start=1)
        )
    return questionnaire, True


def generated_answers(questions: list[Question], rng: random.Random, language: str) -> dict:
    """One plausible response: leanings towards the first choices, some questions skipped."""
    answers: dict[int, dict] = {}
    for question in questions:
        choices = [choice.pk for choice in question.choices.all()]
        if not question.required and rng.random() < 0.12:
            continue
        kind = question.kind
        if kind == Question.Kind.RANKING:
            # Weighted shuffle: earlier items tend to rank higher.
            keyed = sorted(choices, key=lambda pk: rng.random() * (1 + choices.index(pk) * 0.35))
            answers[question.pk] = {"ranks": {pk: n for n, pk in enumerate(keyed, start=1)}}
        elif kind == Question.Kind.MULTIPLE:
            picked = [pk for n, pk in enumerate(choices) if rng.random() < 0.65 - n * 0.08]
            other = ""
            if question.allows_other and rng.random() < 0.04:
                other = rng.choice(FREE_TEXT[language])
            if not picked and not other:
                picked = [rng.choice(choices)]
            answers[question.pk] = {"choices": picked, "other": other}
        elif kind == Question.Kind.SINGLE:
            weights = [len(choices) - n for n in range(len(choices))]
            answers[question.pk] = {"choice": rng.choices(choices, weights=weights)[0]}
        elif kind == Question.Kind.RATING:
            answers[question.pk] = {"number": rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 4, 2])[0]}
        elif kind == Question.Kind.YES_NO:
            answers[question.pk] = {"boolean": rng.random() < 0.35}
        elif kind == Question.Kind.PROVINCE:
            codes = list(PROVINCE_WEIGHTS)
            answers[question.pk] = {"code": rng.choices(codes, list(PROVINCE_WEIGHTS.values()))[0]}
        elif rng.random() < 0.08:
            answers[question.pk] = {"text": rng.choice(FREE_TEXT[language])}
    return answers


def _generate(
    questionnaire: Questionnaire,
    count: int,
    seed: int,
    start: datetime.datetime,
    step_minutes: int = 37,
):
    from .selectors import questions_with_choices

    rng = random.Random(seed)
    questions = questions_with_choices(questionnaire)
    items = []
    for n in range(count):
        language = "fr" if rng.random() < 0.3 else "en"
        items.append(
            ImportedResponse(
                answers=generated_answers(questions, rng, language),
                language=language,
                submitted_at=start + datetime.timedelta(minutes=step_minutes * n),
            )
        )
    responses_import_bulk(questionnaire=questionnaire, responses=items, consent_to_publish=True)


def load(stdout=None) -> None:
    opportunities = Opportunity.objects.filter(phase__process__slug=PAST_SLUG)
    priorities = opportunities.get(slug="priorities")
    get_involved = opportunities.get(slug="get-involved")
    planning, created = _build(
        priorities,
        "planning-priorities",
        (
            "Planning questionnaire: priorities and where to meet",
            "Questionnaire de planification\u00a0: priorités et lieux de rencontre",
        ),
        (
            "The important questions are which priorities to focus on and where to meet you "
            "in person.",
            "Les questions importantes consistent à savoir quelles priorités il faut privilégier "
            "et où vous rencontrer en personne.",
        ),
        PLANNING_QUESTIONS,
    )
    if created:
        start = timezone.make_aware(datetime.datetime(2017, 10, 2, 9))  # noqa: DTZ001
        _generate(planning, PLANNING_RESPONSES, seed=2017, start=start)
        # Set up in September 2017, before the Planning phase opened on October 1.
        Questionnaire.objects.filter(pk=planning.pk).update(
            created_at=datetime.datetime(2017, 9, 20, 10, tzinfo=TZ)
        )
    involved, created = _build(
        get_involved,
        "get-involved",
        ("Get involved", "Impliquez-vous"),
        (
            "Tell us how you would like to take part in open government, now and after the "
            "plan is published.",
            "Dites-nous comment vous aimeriez participer au gouvernement ouvert, maintenant et "
            "après la publication du plan.",
        ),
        GET_INVOLVED_QUESTIONS,
    )
    if created:
        start = timezone.make_aware(datetime.datetime(2017, 11, 1, 9))  # noqa: DTZ001
        _generate(involved, GET_INVOLVED_RESPONSES, seed=2018, start=start)
        Questionnaire.objects.filter(pk=involved.pk).update(
            created_at=datetime.datetime(2017, 10, 25, 10, tzinfo=TZ)
        )
    _current()
    if stdout is not None:
        stdout.write("surveys: planning priorities and get-involved questionnaires")


def _current() -> None:
    """The current process's priorities questionnaire, open until its Planning phase ends."""
    opportunity = (
        Opportunity.objects.select_related("phase")
        .filter(phase__process__slug=CURRENT_SLUG, slug="priorities")
        .first()
    )
    if opportunity is None:
        return
    # One answer per confirmed email address: clearing cookies adds no second voice.
    if opportunity.voice_rule != Opportunity.VoiceRule.CONFIRMED_EMAIL:
        opportunity.voice_rule = Opportunity.VoiceRule.CONFIRMED_EMAIL
        opportunity.save(update_fields=["voice_rule"])
    questionnaire, created = _build(
        opportunity,
        CURRENT_SLUG_QUESTIONNAIRE,
        (
            "Planning questionnaire: priorities and where to meet",
            "Questionnaire de planification\u00a0: priorités et lieux de rencontre",
        ),
        (
            "Which priorities should the 5th plan focus on, and where should we meet you in "
            "person?",
            "Sur quelles priorités le 5e plan devrait-il porter, et où devrions-nous vous "
            "rencontrer en personne?",
        ),
        _next_plan(PLANNING_QUESTIONS),
        plan=("5th", "5e"),
        closes_at=opportunity.closes_at,
    )
    if created:
        # Answers began the day after the Planning phase opened; one every 12 hours or so, the
        # last ones a few days ago.
        opened = opportunity.phase.starts_on + datetime.timedelta(days=1)
        start = datetime.datetime(opened.year, opened.month, opened.day, 9, tzinfo=TZ)
        _generate(questionnaire, CURRENT_RESPONSES, seed=2026, start=start, step_minutes=12 * 60)
