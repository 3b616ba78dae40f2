"""Explaining the final plan's changes, citing the published comments behind each."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.contributions.models import Contribution, ModerationState

from ..models import EXPLANATION_MAX_LENGTH, ChangeExplanation, PlanParagraph, PlanVersion


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
    _check_change(version, old_paragraph, new_paragraph)
    _check_length(explanation_en, explanation_fr)
    comments = _citable_comments(version, cited_comment_ids)
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


def _check_change(
    version: PlanVersion, old: PlanParagraph | None, new: PlanParagraph | None
) -> None:
    """A change of the final plan: a paragraph of the draft it replaced, of its own, or both."""
    if not version.was_final or version.based_on_id is None:
        raise ValidationError(_("Only the final plan's changes can be explained."))
    if old is None and new is None:
        raise ValidationError(_("Choose the change to explain."))
    if old is not None and old.version_id != version.based_on_id:
        raise ValidationError(_("That paragraph is not part of the draft this plan replaced."))
    if new is not None and new.version_id != version.pk:
        raise ValidationError(_("That paragraph is not part of this plan."))


def _check_length(*explanations: str) -> None:
    if any(len(value) > EXPLANATION_MAX_LENGTH for value in explanations):
        raise ValidationError(
            _("Please keep this under %(limit)s characters.") % {"limit": EXPLANATION_MAX_LENGTH}
        )


def _citable_comments(version: PlanVersion, ids: Iterable[int]) -> list[Contribution]:
    """The cited comments, each published in this consultation; otherwise none is cited."""
    wanted = set(ids)
    comments = list(
        Contribution.objects.filter(
            pk__in=sorted(wanted),
            process_id=version.plan.process_id,
            moderation_state=ModerationState.PUBLISHED,
        )
    )
    if len(comments) != len(wanted):
        raise ValidationError(
            _("Only published comments of this consultation can be cited."), code="citation"
        )
    return comments
