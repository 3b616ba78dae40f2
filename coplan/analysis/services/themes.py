"""The codebook's use cases: themes added, changed, merged and split."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.processes.models import Process

from .. import selectors
from ..models import (
    Coding,
    ContributionAssessment,
    RejectedSuggestion,
    Theme,
)


@transaction.atomic
def theme_create(
    *,
    process: Process,
    code: str,
    name_en: str,
    name_fr: str,
    description_en: str = "",
    description_fr: str = "",
    parent: Theme | None = None,
    position: int | None = None,
) -> Theme:
    """Add a theme (or a sub-theme under `parent`) to a process's codebook."""
    if Theme.objects.filter(process=process, code=code).exists():
        raise ValidationError({"code": _("Another theme already has this code.")})
    if position is None:
        position = Theme.objects.filter(process=process).count()
    theme = Theme(
        process=process,
        code=code,
        parent=parent,
        name_en=name_en,
        name_fr=name_fr,
        description_en=description_en,
        description_fr=description_fr,
        position=position,
    )
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    name_en: str,
    name_fr: str,
    description_en: str = "",
    description_fr: str = "",
    parent: Theme | None = None,
) -> Theme:
    # The language fields are modeltranslation's, unknown to the type checker.
    theme.name_en, theme.name_fr = name_en, name_fr  # type: ignore[attr-defined]
    theme.description_en, theme.description_fr = description_en, description_fr  # type: ignore[attr-defined]
    theme.parent = parent
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def theme_merge(*, source: Theme, target: Theme) -> Theme:
    """Fold `source` into `target`: its codings, sub-themes and primary-theme choices move.

    A contribution coded with both keeps one coding on the target (confirmed if either was).
    The source stays, inactive, pointing at the target, so old reports still name it.
    """
    _refuse_merge(source, target)
    _codings_merge(source, target)
    RejectedSuggestion.objects.filter(theme=source).delete()
    ContributionAssessment.objects.filter(primary_theme=source).update(primary_theme=target)
    if target.parent_id is None:
        Theme.objects.filter(parent=source).update(parent=target)
    else:
        Theme.objects.filter(parent=source).update(parent=target.parent)
    source.is_active = False
    source.merged_into = target
    source.save(update_fields=["is_active", "merged_into"])
    selectors.queue_counts_forget(source.process_id)
    return target


def _refuse_merge(source: Theme, target: Theme) -> None:
    if source.pk == target.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    if source.process_id != target.process_id:
        raise ValidationError(_("Both themes must belong to the same codebook."))
    if not target.is_active:
        raise ValidationError(_("Choose an active theme to merge into."))
    if target.parent_id == source.pk:
        raise ValidationError(_("A theme cannot be merged into one of its own sub-themes."))


def _codings_merge(source: Theme, target: Theme) -> None:
    """The source's codings move to the target; where a contribution has both, one stays,
    confirmed if either was."""
    already = set(Coding.objects.filter(theme=target).values_list("contribution_id", flat=True))
    confirmed_both = list(
        Coding.objects.filter(
            theme=source, contribution_id__in=already, confirmed=True
        ).values_list("contribution_id", flat=True)
    )
    Coding.objects.filter(theme=target, contribution_id__in=confirmed_both).update(confirmed=True)
    Coding.objects.filter(theme=source, contribution_id__in=already).delete()
    Coding.objects.filter(theme=source).update(theme=target)


@transaction.atomic
def theme_split(
    *, theme: Theme, parts: Sequence[dict[str, str]], assignments: dict[int, Sequence[str]]
) -> list[Theme]:
    """Split a theme into new ones: `parts` are their fields (code, name_en, name_fr...).

    `assignments` maps contribution id → codes of the new themes it belongs to. Codings of the
    split theme that are not reassigned stay where they are, so no coding is ever lost.
    """
    if len(parts) < 2:
        raise ValidationError(_("Split a theme into at least two themes."))
    parent = theme if theme.parent_id is None else theme.parent
    created = {
        part["code"]: theme_create(
            process=theme.process,
            code=part["code"],
            name_en=part["name_en"],
            name_fr=part["name_fr"],
            description_en=part.get("description_en", ""),
            description_fr=part.get("description_fr", ""),
            parent=parent,
        )
        for part in parts
    }
    _codings_reassign(theme, created, assignments)
    selectors.queue_counts_forget(theme.process_id)
    return list(created.values())


def _codings_reassign(
    theme: Theme, created: dict[str, Theme], assignments: dict[int, Sequence[str]]
) -> None:
    """Each assigned contribution's coding moves to the new themes named for it, keeping its
    source, confirmation and confidence."""
    existing = {coding.contribution_id: coding for coding in Coding.objects.filter(theme=theme)}
    new_codings = []
    moved = []
    for contribution_id, codes in assignments.items():
        original = existing.get(int(contribution_id))
        if original is None:
            raise ValidationError(
                _("Contribution %(number)s is not coded with this theme.")
                % {"number": contribution_id}
            )
        new_codings += [_coding_copy(original, _known(created, code)) for code in codes]
        if codes:
            moved.append(original.pk)
    Coding.objects.bulk_create(new_codings)
    Coding.objects.filter(pk__in=moved).delete()


def _known(created: dict[str, Theme], code: str) -> Theme:
    if code not in created:
        raise ValidationError(_("Unknown theme code: %(code)s.") % {"code": code})
    return created[code]


def _coding_copy(original: Coding, theme: Theme) -> Coding:
    kept = ("contribution_id", "source", "confirmed", "confidence", "coded_by_id")
    return Coding(theme=theme, **{name: getattr(original, name) for name in kept})
