"""Writing a draft: the plan and its versions, their titles and sections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.processes.models import Process

from ..models import (
    HEADING_MAX_LENGTH,
    SECTION_BODY_MAX_LENGTH,
    Plan,
    PlanEvent,
    PlanSection,
    PlanVersion,
)
from ..snapshot import split_paragraphs
from ._common import record, require_draft

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
        record(plan, PlanEvent.Kind.VERSION_CREATED, version=version, actor=actor)
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
        titled = latest or plan.process
        version = PlanVersion.objects.create(
            plan=plan, number=number, title_en=titled.title_en, title_fr=titled.title_fr
        )
        if latest is not None:
            _sections_copy(latest, version)
        record(plan, PlanEvent.Kind.VERSION_CREATED, version=version, actor=actor)
    return version


def _sections_copy(source: PlanVersion, version: PlanVersion) -> None:
    PlanSection.objects.bulk_create(
        PlanSection(version=version, **{name: getattr(section, name) for name in SECTION_COPIED})
        for section in source.sections.order_by("position")
    )


def plan_version_update_title(*, version: PlanVersion, title_en: str, title_fr: str) -> PlanVersion:
    require_draft(version)
    version.title_en, version.title_fr = title_en.strip(), title_fr.strip()
    version.full_clean()
    version.save(update_fields=["title_en", "title_fr"])
    return version


# What a new version copies of each section of the version it starts from.
SECTION_COPIED = ("position", "key", "kind", "heading_en", "heading_fr", "body_en", "body_fr")


def _check_section_text(*, heading_en: str, heading_fr: str, body_en: str, body_fr: str) -> None:
    errors: dict[str, list[str]] = {}
    for name, value in (("heading_en", heading_en), ("heading_fr", heading_fr)):
        if not value.strip():
            errors[name] = [_("This field cannot be empty.")]
        elif len(value) > HEADING_MAX_LENGTH:
            errors[name] = [_too_long(HEADING_MAX_LENGTH)]
    for name, value in (("body_en", body_en), ("body_fr", body_fr)):
        if len(value) > SECTION_BODY_MAX_LENGTH:
            errors[name] = [_too_long(SECTION_BODY_MAX_LENGTH)]
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


def _too_long(limit: int) -> str:
    return _("Please keep this under %(limit)s characters.") % {"limit": limit}


def _free_key(version: PlanVersion, wanted: str) -> str:
    """A short name no other section of the version has: the wanted one, else numbered."""
    base = slugify(wanted)[:60] or "section"
    existing = set(version.sections.values_list("key", flat=True))
    key, suffix = base, 2
    while key in existing:
        key, suffix = f"{base}-{suffix}", suffix + 1
    return key


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
    require_draft(version)
    _check_section_text(
        heading_en=heading_en, heading_fr=heading_fr, body_en=body_en, body_fr=body_fr
    )
    with transaction.atomic():
        key = _free_key(version, key or heading_en)
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
    require_draft(section.version)
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
    require_draft(section.version)
    section.delete()


def plan_section_move(*, section: PlanSection, offset: int) -> None:
    """Swap a section with its neighbour above (offset -1) or below (+1)."""
    require_draft(section.version)
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


def plan_version_discard(*, version: PlanVersion, actor: User | None) -> PlanVersion:
    require_draft(version)
    with transaction.atomic():
        PlanVersion.objects.filter(pk=version.pk).update(status=PlanVersion.Status.DISCARDED)
        version.status = PlanVersion.Status.DISCARDED
        record(version.plan, PlanEvent.Kind.DISCARDED, version=version, actor=actor)
    return version
