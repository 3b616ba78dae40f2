"""Writing the plan: drafts, cabinet review, publication (which freezes the text), explanations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from .models import (
    CABINET_NOTES_MAX_LENGTH,
    EXPLANATION_MAX_LENGTH,
    HEADING_MAX_LENGTH,
    SECTION_BODY_MAX_LENGTH,
    CabinetReview,
    ChangeExplanation,
    FrozenSection,
    Plan,
    PlanEvent,
    PlanParagraph,
    PlanSection,
    PlanVersion,
)
from .snapshot import canonical_bytes, draft_snapshot, fingerprint_of, split_paragraphs

# The sections a new plan starts with; staff rename, rewrite, add and remove them.
DEFAULT_SECTIONS = [
    ("introduction", PlanSection.Kind.NARRATIVE, "Introduction", "Introduction"),
    (
        "the-process",
        PlanSection.Kind.NARRATIVE,
        "How we developed this plan",
        "Comment nous avons élaboré ce plan",
    ),
    ("commitments", PlanSection.Kind.COMMITMENTS, "Commitments", "Engagements"),
]


def _require_draft(version: PlanVersion) -> None:
    if version.status != PlanVersion.Status.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s is published: its text cannot be changed. Create a new "
                "version to change the plan."
            )
            % {"number": version.number},
            code="frozen",
        )


def _record(
    plan: Plan,
    kind: str,
    *,
    version: PlanVersion | None,
    actor: User | None,
    notes: tuple[str, str] = ("", ""),
) -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan, version=version, kind=kind, actor=actor, notes_en=notes[0], notes_fr=notes[1]
    )


def _cabinet_notes(notes_en: str, notes_fr: str) -> tuple[str, str]:
    """Notes on a Cabinet review in both languages, or none: staff pages are read in both."""
    notes = (notes_en.strip(), notes_fr.strip())
    if any(len(note) > CABINET_NOTES_MAX_LENGTH for note in notes):
        raise ValidationError(
            _("Please keep this under %(limit)s characters.") % {"limit": CABINET_NOTES_MAX_LENGTH}
        )
    if any(notes) and not all(notes):
        raise ValidationError(
            _("Write the notes in English and in French, or leave both empty."), code="notes"
        )
    return notes


def plan_create(*, process: Process, actor: User | None) -> Plan:
    """Start the plan of a process: a first draft version with the usual sections."""
    with transaction.atomic():
        if Plan.objects.filter(process=process).exists():
            raise ValidationError(_("This process already has a plan."), code="exists")
        plan = Plan.objects.create(process=process)
        version = PlanVersion.objects.create(
            plan=plan, number=1, title_en=process.title_en, title_fr=process.title_fr
        )
        PlanSection.objects.bulk_create(
            PlanSection(
                version=version,
                position=position,
                key=key,
                kind=kind,
                heading_en=heading_en,
                heading_fr=heading_fr,
            )
            for position, (key, kind, heading_en, heading_fr) in enumerate(DEFAULT_SECTIONS, 1)
        )
        _record(plan, PlanEvent.Kind.VERSION_CREATED, version=version, actor=actor)
    return plan


def plan_version_create(*, plan: Plan, actor: User | None) -> PlanVersion:
    """A new draft version, starting from the text of the latest version."""
    with transaction.atomic():
        # Lock the plan so two staff members cannot create two drafts at once.
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.versions.filter(status=PlanVersion.Status.DRAFT).exists():
            raise ValidationError(
                _("A draft version already exists: edit it, or discard it first."),
                code="draft_exists",
            )
        latest = (
            plan.versions.exclude(status=PlanVersion.Status.DISCARDED).order_by("-number").first()
        )
        number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = PlanVersion.objects.create(
            plan=plan,
            number=number,
            title_en=latest.title_en if latest else plan.process.title_en,
            title_fr=latest.title_fr if latest else plan.process.title_fr,
        )
        if latest is not None:
            PlanSection.objects.bulk_create(
                PlanSection(
                    version=version,
                    position=section.position,
                    key=section.key,
                    kind=section.kind,
                    heading_en=section.heading_en,
                    heading_fr=section.heading_fr,
                    body_en=section.body_en,
                    body_fr=section.body_fr,
                )
                for section in latest.sections.order_by("position")
            )
        _record(plan, PlanEvent.Kind.VERSION_CREATED, version=version, actor=actor)
    return version


def plan_version_update_title(*, version: PlanVersion, title_en: str, title_fr: str) -> PlanVersion:
    _require_draft(version)
    version.title_en, version.title_fr = title_en.strip(), title_fr.strip()
    version.full_clean()
    version.save(update_fields=["title_en", "title_fr"])
    return version


def _check_section_text(*, heading_en: str, heading_fr: str, body_en: str, body_fr: str) -> None:
    errors: dict[str, list[str]] = {}
    for name, value in (("heading_en", heading_en), ("heading_fr", heading_fr)):
        if not value.strip():
            errors[name] = [_("This field cannot be empty.")]
        elif len(value) > HEADING_MAX_LENGTH:
            errors[name] = [
                _("Please keep this under %(limit)s characters.") % {"limit": HEADING_MAX_LENGTH}
            ]
    for name, value in (("body_en", body_en), ("body_fr", body_fr)):
        if len(value) > SECTION_BODY_MAX_LENGTH:
            errors[name] = [
                _("Please keep this under %(limit)s characters.")
                % {"limit": SECTION_BODY_MAX_LENGTH}
            ]
    english, french = len(split_paragraphs(body_en)), len(split_paragraphs(body_fr))
    if english != french:
        # Each paragraph is commented on in both languages, so they must pair one to one.
        errors.setdefault("body_fr", []).append(
            _(
                "The English and French texts must have the same number of paragraphs "
                "(%(english)s in English, %(french)s in French)."
            )
            % {"english": english, "french": french}
        )
    if errors:
        raise ValidationError(errors)


def plan_section_add(
    *,
    version: PlanVersion,
    kind: str,
    heading_en: str,
    heading_fr: str,
    body_en: str = "",
    body_fr: str = "",
    key: str = "",
) -> PlanSection:
    """Add a section at the end of a draft version."""
    _require_draft(version)
    _check_section_text(
        heading_en=heading_en, heading_fr=heading_fr, body_en=body_en, body_fr=body_fr
    )
    with transaction.atomic():
        base = slugify(key or heading_en)[:60] or "section"
        existing = set(version.sections.values_list("key", flat=True))
        key, suffix = base, 2
        while key in existing:
            key, suffix = f"{base}-{suffix}", suffix + 1
        position = (version.sections.aggregate(p=Max("position"))["p"] or 0) + 1
        section = PlanSection(
            version=version,
            position=position,
            key=key,
            kind=kind,
            heading_en=heading_en.strip(),
            heading_fr=heading_fr.strip(),
            body_en=body_en.strip(),
            body_fr=body_fr.strip(),
        )
        section.full_clean()
        section.save()
    return section


def plan_section_update(
    *,
    section: PlanSection,
    kind: str,
    heading_en: str,
    heading_fr: str,
    body_en: str,
    body_fr: str,
) -> PlanSection:
    """Rewrite a section of a draft version."""
    _require_draft(section.version)
    _check_section_text(
        heading_en=heading_en, heading_fr=heading_fr, body_en=body_en, body_fr=body_fr
    )
    section.kind = kind
    section.heading_en, section.heading_fr = heading_en.strip(), heading_fr.strip()
    section.body_en, section.body_fr = body_en.strip(), body_fr.strip()
    section.full_clean()
    section.save()
    return section


def plan_section_delete(*, section: PlanSection) -> None:
    _require_draft(section.version)
    section.delete()


def plan_section_move(*, section: PlanSection, offset: int) -> None:
    """Swap a section with its neighbour above (offset -1) or below (+1)."""
    _require_draft(section.version)
    with transaction.atomic():
        siblings = list(section.version.sections.select_for_update().order_by("position", "pk"))
        index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
        other = index + offset
        if not 0 <= other < len(siblings):
            return
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings, start=1):
            sibling.position = position
        PlanSection.objects.bulk_update(siblings, ["position"])


def draft_fingerprint(version: PlanVersion) -> tuple[list, str]:
    """The draft's text as it would be frozen now, and its fingerprint."""
    sections = draft_snapshot(version)
    data = canonical_bytes(version.title_en or "", version.title_fr or "", sections)
    return sections, fingerprint_of(data)


def cabinet_review_submit(
    *, version: PlanVersion, actor: User | None, notes_en: str = "", notes_fr: str = ""
) -> CabinetReview:
    """Send a draft version to the internal Cabinet review; the text reviewed is fingerprinted."""
    _require_draft(version)
    notes = _cabinet_notes(notes_en, notes_fr)
    with transaction.atomic():
        if version.cabinet_reviews.filter(status=CabinetReview.Status.SUBMITTED).exists():
            raise ValidationError(
                _("This version is already with Cabinet: record the decision first."),
                code="pending",
            )
        _sections, fingerprint = draft_fingerprint(version)
        review = CabinetReview.objects.create(
            version=version,
            fingerprint=fingerprint,
            submission_notes_en=notes[0],
            submission_notes_fr=notes[1],
        )
        _record(
            version.plan,
            PlanEvent.Kind.SUBMITTED_TO_CABINET,
            version=version,
            actor=actor,
            notes=notes,
        )
    return review


def cabinet_review_decide(
    *,
    review: CabinetReview,
    status: str,
    actor: User | None,
    notes_en: str = "",
    notes_fr: str = "",
) -> CabinetReview:
    """Record Cabinet's decision (changes requested or approved) in the review and the history."""
    if status not in CabinetReview.TRANSITIONS.get(review.status, frozenset()):
        raise ValidationError(
            _("A Cabinet review cannot go from “%(current)s” to “%(new)s”.")
            % {
                "current": CabinetReview.Status(review.status).label,
                "new": CabinetReview.Status(status).label
                if status in CabinetReview.Status.values
                else status,
            },
            code="transition",
        )
    notes = _cabinet_notes(notes_en, notes_fr)
    with transaction.atomic():
        changed = CabinetReview.objects.filter(pk=review.pk, status=review.status).update(
            status=status,
            decision_notes_en=notes[0],
            decision_notes_fr=notes[1],
            decided_at=timezone.now(),
        )
        if not changed:
            raise ValidationError(_("This review was decided meanwhile."), code="race")
        review.refresh_from_db()
        kind = (
            PlanEvent.Kind.CABINET_APPROVED
            if status == CabinetReview.Status.APPROVED
            else PlanEvent.Kind.CABINET_CHANGES_REQUESTED
        )
        _record(review.version.plan, kind, version=review.version, actor=actor, notes=notes)
    return review


def _freeze(version: PlanVersion, sections) -> None:
    frozen = FrozenSection.objects.bulk_create(
        FrozenSection(
            version=version,
            position=position,
            number=section.number,
            level=section.level,
            key=section.key,
            heading_en=section.heading_en,
            heading_fr=section.heading_fr,
        )
        for position, section in enumerate(sections, start=1)
    )
    paragraphs = []
    for frozen_section, section in zip(frozen, sections, strict=True):
        for paragraph in section.paragraphs:
            paragraphs.append(
                PlanParagraph(
                    version=version,
                    section=frozen_section,
                    position=paragraph.number,
                    number=paragraph.number,
                    kind=paragraph.kind,
                    label_en=paragraph.label_en,
                    label_fr=paragraph.label_fr,
                    text_en=paragraph.text_en,
                    text_fr=paragraph.text_fr,
                )
            )
    PlanParagraph.objects.bulk_create(paragraphs, batch_size=500)


def plan_version_publish(*, version: PlanVersion, status: str, actor: User | None) -> PlanVersion:
    """Publish a draft for public review or as the final plan, freezing its text for good.

    The final plan needs Cabinet's approval of exactly this text, and a version published for
    review before it (the one "what changed" compares with).
    """
    if status not in (PlanVersion.Status.REVIEW, PlanVersion.Status.FINAL):
        raise ValidationError(_("Choose how to publish this version."), code="status")
    with transaction.atomic():
        version = (
            PlanVersion.objects.select_for_update()
            .select_related("plan__process")
            .get(pk=version.pk)
        )
        _require_draft(version)
        sections, fingerprint = draft_fingerprint(version)
        if not any(section.paragraphs for section in sections):
            raise ValidationError(
                _("This version has no text yet: write at least one paragraph."), code="empty"
            )
        if not (version.title_en and version.title_fr):
            raise ValidationError(_("The plan needs a title in English and in French."))
        plan = version.plan
        if status == PlanVersion.Status.FINAL:
            approved = version.cabinet_reviews.filter(
                status=CabinetReview.Status.APPROVED, fingerprint=fingerprint
            ).exists()
            if not approved:
                raise ValidationError(
                    _(
                        "Cabinet has not approved this text. Submit it to Cabinet review and "
                        "record the approval before publishing the final plan (an approval "
                        "holds only for the exact text approved)."
                    ),
                    code="not_approved",
                )
            version.based_on = (
                plan.versions.filter(
                    status__in=[PlanVersion.Status.REVIEW, PlanVersion.Status.SUPERSEDED],
                    based_on__isnull=True,
                    published_at__isnull=False,
                )
                .order_by("-number")
                .first()
            )
            if version.based_on is None:
                raise ValidationError(
                    _("Publish a draft for public review before publishing the final plan."),
                    code="no_review",
                )
        # A new review draft replaces the previous one; the final plan replaces the drafts and
        # any earlier final. Replaced versions stay readable with their threads, closed.
        replaced = [status]
        if status == PlanVersion.Status.FINAL:
            replaced.append(PlanVersion.Status.REVIEW)
        previous = list(plan.versions.filter(status__in=replaced).exclude(pk=version.pk))
        _freeze(version, sections)
        version.status = status
        version.fingerprint = fingerprint
        version.published_at = timezone.now()
        version.save(update_fields=["status", "fingerprint", "published_at", "based_on"])
        for old in previous:
            PlanVersion.objects.filter(pk=old.pk).update(status=PlanVersion.Status.SUPERSEDED)
            _record(plan, PlanEvent.Kind.SUPERSEDED, version=old, actor=actor)
        kind = (
            PlanEvent.Kind.PUBLISHED_FINAL
            if status == PlanVersion.Status.FINAL
            else PlanEvent.Kind.PUBLISHED_FOR_REVIEW
        )
        # A fingerprint reads the same in both languages.
        _record(plan, kind, version=version, actor=actor, notes=(fingerprint, fingerprint))
        transaction.on_commit(lambda: _enqueue_pdfs(version.pk))
    return version


def _enqueue_pdfs(version_id: int) -> None:
    from .tasks import plan_version_render_pdfs

    plan_version_render_pdfs.enqueue(version_id)


def plan_version_discard(*, version: PlanVersion, actor: User | None) -> PlanVersion:
    _require_draft(version)
    with transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(status=PlanVersion.Status.DISCARDED)
        version.status = PlanVersion.Status.DISCARDED
        _record(version.plan, PlanEvent.Kind.DISCARDED, version=version, actor=actor)
    return version


def change_explain(
    *,
    version: PlanVersion,
    old_paragraph: PlanParagraph | None,
    new_paragraph: PlanParagraph | None,
    explanation_en: str,
    explanation_fr: str,
    cited_comment_ids: Iterable[int],
) -> ChangeExplanation:
    """Say why a paragraph changed in the final plan, citing the published comments behind it."""
    if not version.was_final or version.based_on_id is None:
        raise ValidationError(_("Only the final plan's changes can be explained."))
    if old_paragraph is None and new_paragraph is None:
        raise ValidationError(_("Choose the change to explain."))
    if old_paragraph is not None and old_paragraph.version_id != version.based_on_id:
        raise ValidationError(_("That paragraph is not part of the draft this plan replaced."))
    if new_paragraph is not None and new_paragraph.version_id != version.pk:
        raise ValidationError(_("That paragraph is not part of this plan."))
    for value in (explanation_en, explanation_fr):
        if len(value) > EXPLANATION_MAX_LENGTH:
            raise ValidationError(
                _("Please keep this under %(limit)s characters.")
                % {"limit": EXPLANATION_MAX_LENGTH}
            )
    ids = sorted(set(cited_comment_ids))
    comments = list(
        Contribution.objects.filter(
            pk__in=ids,
            process_id=version.plan.process_id,
            moderation_state=ModerationState.PUBLISHED,
        )
    )
    if len(comments) != len(ids):
        raise ValidationError(
            _("Only published comments of this consultation can be cited."), code="citation"
        )
    with transaction.atomic():
        explanation, _created = ChangeExplanation.objects.update_or_create(
            version=version,
            old_paragraph=old_paragraph,
            new_paragraph=new_paragraph,
            defaults={
                "explanation_en": explanation_en.strip(),
                "explanation_fr": explanation_fr.strip(),
            },
        )
        explanation.cited_comments.set(comments)
    return explanation
