"""Publishing a draft, for public review or as the final plan: its text is frozen for good."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User

from ..models import CabinetReview, FrozenSection, Plan, PlanEvent, PlanParagraph, PlanVersion
from ..snapshot import SnapParagraph, SnapSection
from ..tasks import plan_version_render_pdfs
from ._common import record, require_draft
from .cabinet import draft_fingerprint


def _freeze(version: PlanVersion, sections: list[SnapSection]) -> None:
    """Store the draft's text as the version's frozen sections and paragraphs."""
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
    paragraphs = [
        _frozen_paragraph(version, frozen_section, paragraph)
        for frozen_section, section in zip(frozen, sections, strict=True)
        for paragraph in section.paragraphs
    ]
    PlanParagraph.objects.bulk_create(paragraphs, batch_size=500)


def _frozen_paragraph(
    version: PlanVersion, section: FrozenSection, paragraph: SnapParagraph
) -> PlanParagraph:
    return PlanParagraph(
        version=version,
        section=section,
        position=paragraph.number,
        number=paragraph.number,
        kind=paragraph.kind,
        label_en=paragraph.label_en,
        label_fr=paragraph.label_fr,
        text_en=paragraph.text_en,
        text_fr=paragraph.text_fr,
    )


def plan_version_publish(*, version: PlanVersion, status: str, actor: User | None) -> PlanVersion:
    """Publish a draft for public review or as the final plan, freezing its text for good.

    The final plan needs Cabinet's approval of exactly this text, and a version published for
    review before it (the one "what changed" compares with).
    """
    if status not in (PlanVersion.Status.REVIEW, PlanVersion.Status.FINAL):
        raise ValidationError(_("Choose how to publish this version."), code="status")
    with transaction.atomic():
        version = _locked(version)
        require_draft(version)
        sections, fingerprint = draft_fingerprint(version)
        _check_complete(version, sections)
        if status == PlanVersion.Status.FINAL:
            _check_approved(version, fingerprint)
            version.based_on = _review_draft_replaced(version)
        replaced = _versions_replaced(version, status)
        _freeze(version, sections)
        _mark_published(version, status, fingerprint)
        _supersede(version.plan, replaced, actor)
        _record_publication(version, actor)
        transaction.on_commit(lambda: _enqueue_pdfs(version.pk))
    return version


def _mark_published(version: PlanVersion, status: str, fingerprint: str) -> None:
    version.status = status
    version.fingerprint = fingerprint
    version.published_at = timezone.now()
    version.save(update_fields=["status", "fingerprint", "published_at", "based_on"])


def _locked(version: PlanVersion) -> PlanVersion:
    """The version read afresh and locked: two staff publishing at once publish it once."""
    versions = PlanVersion.objects.select_for_update().select_related("plan__process")
    return versions.get(pk=version.pk)


def _check_complete(version: PlanVersion, sections: list[SnapSection]) -> None:
    if not any(section.paragraphs for section in sections):
        raise ValidationError(
            _("This version has no text yet: write at least one paragraph."), code="empty"
        )
    if not (version.title_en and version.title_fr):
        raise ValidationError(_("The plan needs a title in English and in French."))


def _check_approved(version: PlanVersion, fingerprint: str) -> None:
    """Cabinet approved exactly this text (an approval of an earlier text does not count)."""
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


def _review_draft_replaced(version: PlanVersion) -> PlanVersion:
    """The latest draft published for review, which the final plan's changes compare with."""
    review = (
        version.plan.versions.filter(
            status__in=[PlanVersion.Status.REVIEW, PlanVersion.Status.SUPERSEDED],
            based_on__isnull=True,
            published_at__isnull=False,
        )
        .order_by("-number")
        .first()
    )
    if review is None:
        raise ValidationError(
            _("Publish a draft for public review before publishing the final plan."),
            code="no_review",
        )
    return review


def _versions_replaced(version: PlanVersion, status: str) -> list[PlanVersion]:
    # A new review draft replaces the previous one; the final plan replaces the drafts and
    # any earlier final. Replaced versions stay readable with their threads, closed.
    replaced = [status]
    if status == PlanVersion.Status.FINAL:
        replaced.append(PlanVersion.Status.REVIEW)
    return list(version.plan.versions.filter(status__in=replaced).exclude(pk=version.pk))


def _supersede(plan: Plan, versions: list[PlanVersion], actor: User | None) -> None:
    for old in versions:
        PlanVersion.objects.filter(pk=old.pk).update(status=PlanVersion.Status.SUPERSEDED)
        record(plan, PlanEvent.Kind.SUPERSEDED, version=old, actor=actor)


def _record_publication(version: PlanVersion, actor: User | None) -> None:
    kind = (
        PlanEvent.Kind.PUBLISHED_FINAL
        if version.status == PlanVersion.Status.FINAL
        else PlanEvent.Kind.PUBLISHED_FOR_REVIEW
    )
    # A fingerprint reads the same in both languages.
    fingerprint = version.fingerprint
    record(version.plan, kind, version=version, actor=actor, notes=(fingerprint, fingerprint))


def _enqueue_pdfs(version_id: int) -> None:
    plan_version_render_pdfs.enqueue(version_id)
