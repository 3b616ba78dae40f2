"""What the forum keeps on the process: evidence of the OGP requirements met outside the
system, the lessons-learned log (announced when published), and process reviews."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.accounts.models import User
from coplan.notifications import announce
from coplan.processes.models import Opportunity, Phase, Process
from coplan.surveys.models import Question, Questionnaire

from .. import sections
from ..compliance import FORUM_ANNOUNCEMENT_KINDS
from ..documents import CheckedDocument, document_check
from ..models import Evidence, Lesson, ProcessReview
from ..requirements import REQUIREMENTS_BY_CODE
from ._common import LANGUAGES, text, translated

# The announcement's title, written in each subscriber's language.
LESSONS_ANNOUNCEMENT = gettext_lazy("Lessons learned: %(title)s")


@transaction.atomic
def evidence_add(
    *,
    process: Process,
    requirement: str,
    description_en: str,
    description_fr: str,
    by: User,
    url: str = "",
    upload: UploadedFile[bytes] | None = None,
) -> Evidence:
    """Attach evidence of a requirement met outside the system: a link, a file, or both."""
    _check_evidence(requirement, url, upload)
    evidence = Evidence(
        process=process,
        requirement=requirement,
        description_en=text(description_en),
        description_fr=text(description_fr),
        url=url,
        added_by=by,
    )
    checked = document_check(upload) if upload is not None else None
    evidence.full_clean(exclude=["file"])
    if upload is not None and checked is not None:
        _file_keep(evidence, upload, checked)
    evidence.save()
    return evidence


def _check_evidence(requirement: str, url: str, upload: UploadedFile[bytes] | None) -> None:
    if requirement not in REQUIREMENTS_BY_CODE:
        raise ValidationError({"requirement": _("Choose one of the listed requirements.")})
    if not url and upload is None:
        raise ValidationError(_("Give a web address or attach a file as evidence."))


def _file_keep(evidence: Evidence, upload: UploadedFile[bytes], checked: CheckedDocument) -> None:
    """The checked file, stored under its fingerprint (saved with the evidence)."""
    evidence.kind = checked.kind
    evidence.size = checked.size
    upload.seek(0)
    name = f"{checked.sha256[:16]}.{checked.kind}"
    evidence.file.save(name, ContentFile(upload.read()), save=False)


@transaction.atomic
def lesson_add(
    *,
    process: Process,
    lesson_en: str,
    lesson_fr: str,
    action_en: str = "",
    action_fr: str = "",
    phase: Phase | None = None,
) -> Lesson:
    """Write an entry in the lessons-learned log (published later, with the final report)."""
    _check_lesson(process, phase, action_en, action_fr)
    lesson = Lesson(
        process=process,
        phase=phase,
        lesson_en=text(lesson_en),
        lesson_fr=text(lesson_fr),
        action_en=text(action_en),
        action_fr=text(action_fr),
    )
    lesson.full_clean()
    lesson.save()
    return lesson


def _check_lesson(process: Process, phase: Phase | None, action_en: str, action_fr: str) -> None:
    if phase is not None and phase.process_id != process.pk:
        raise ValidationError({"phase": _("Choose a phase of this process.")})
    if bool(action_en.strip()) != bool(action_fr.strip()):
        raise ValidationError(
            {"action_fr": _("Write what will change in both English and French, or in neither.")}
        )


@transaction.atomic
def lessons_publish(*, process: Process, now: datetime.datetime | None = None) -> int:
    """Publish every unpublished lesson of the process; returns how many."""
    now = now or timezone.now()
    count = Lesson.objects.filter(process=process, published_at=None).update(published_at=now)
    if count:
        transaction.on_commit(sections.forum_data_changed)
        _announce_lessons(process, now)
    return count


def _announce_lessons(process: Process, now: datetime.datetime) -> None:
    """Tell the people following the process (notifications app), once per publication."""
    with translation.override("en"):
        url = reverse("forum:lessons", kwargs={"slug": process.slug})
    title = {
        lang: translated(lang, LESSONS_ANNOUNCEMENT)
        % {"title": getattr(process, f"title_{lang}") or process.title}
        for lang in LANGUAGES
    }
    # The notifications app's entry point has no type information yet.
    announce(  # type: ignore[no-untyped-call]
        FORUM_ANNOUNCEMENT_KINDS[1],
        process=process,
        title=title,
        url=url,
        key=f"lessons_published:{process.pk}:{now.isoformat()}",
    )


# The short process-review questionnaire: (kind, text_en, text_fr, required).
REVIEW_QUESTIONS: tuple[tuple[str, str, str, bool], ...] = (
    (
        "rating",
        "How well did this phase let you take part?",
        "Dans quelle mesure cette phase vous a-t-elle permis de participer?",
        True,
    ),
    (
        "yes_no",
        "Did you have the information you needed, early enough, to take part?",
        "Aviez-vous l’information nécessaire, assez tôt, pour participer?",
        False,
    ),
    (
        "yes_no",
        "Did you see how your input was considered?",
        "Avez-vous vu comment votre contribution a été prise en compte?",
        False,
    ),
    (
        "long_text",
        "What should we do differently in the next phase?",
        "Que devrions-nous faire différemment à la prochaine phase?",
        False,
    ),
)


@transaction.atomic
def process_review_create(*, phase: Phase) -> ProcessReview:
    """Open the short feedback questionnaire on the process itself, after a phase."""
    if ProcessReview.objects.filter(phase=phase).exists():
        raise ValidationError(_("This phase already has its process review."))
    opportunity = _review_opportunity(phase)
    questionnaire = Questionnaire.objects.create(
        opportunity=opportunity,
        slug="process-review",
        title_en=opportunity.title_en,
        title_fr=opportunity.title_fr,
        introduction_en=opportunity.description_en,
        introduction_fr=opportunity.description_fr,
        thank_you_en="Thank you: the team reads every answer and logs what it learns.",
        thank_you_fr="Merci : l’équipe lit chaque réponse et consigne ce qu’elle en retient.",
    )
    Question.objects.bulk_create(
        _review_question(questionnaire, position, *question)
        for position, question in enumerate(REVIEW_QUESTIONS, start=1)
    )
    return ProcessReview.objects.create(phase=phase, questionnaire=questionnaire)


def _review_opportunity(phase: Phase) -> Opportunity:
    """The questionnaire's opportunity, open at once, last of its phase."""
    names = {lang: getattr(phase, f"name_{lang}") for lang in LANGUAGES}
    opportunity = Opportunity(
        phase=phase,
        slug=f"process-review-{phase.kind}"[:80],
        kind=Opportunity.Kind.QUESTIONNAIRE,
        title_en=f"How did the {names['en']} phase go?",
        title_fr=f"Comment s’est déroulée la phase {names['fr']}?",
        description_en="A few questions on how we ran this phase, to do better in the next.",
        description_fr=(
            "Quelques questions sur le déroulement de cette phase, pour faire mieux à la suivante."
        ),
        status=Opportunity.Status.OPEN,
        position=99,
    )
    opportunity.full_clean()
    opportunity.save()
    return opportunity


def _review_question(
    questionnaire: Questionnaire,
    position: int,
    kind: str,
    text_en: str,
    text_fr: str,
    required: bool,
) -> Question:
    rating = kind == "rating"
    return Question(
        questionnaire=questionnaire,
        position=position,
        kind=kind,
        text_en=text_en,
        text_fr=text_fr,
        required=required,
        scale_min_label_en="Poorly" if rating else "",
        scale_min_label_fr="Mal" if rating else "",
        scale_max_label_en="Very well" if rating else "",
        scale_max_label_fr="Très bien" if rating else "",
    )
