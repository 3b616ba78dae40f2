"""Coding a contribution: the analyst's themes and assessment, machine suggestions accepted
or rejected, and translations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.contributions.models import Contribution
from coplan.contributions.services import contribution_lock_unless_withdrawn, redacted_or_blank
from coplan.core.text import clean_public_text

from .. import selectors
from ..models import (
    NOTE_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    Coding,
    ContributionAssessment,
    ContributionTranslation,
    Disposition,
    RejectedSuggestion,
    Theme,
)

TRANSLATION_MAX_LENGTH = 20_000


def _clean_note(note: str, limit: int) -> str:
    return clean_public_text(note or "", max_length=limit, required=False)


def _refuse_withdrawn(contribution: Contribution) -> None:
    contribution_lock_unless_withdrawn(
        contribution=contribution,
        refusal=_("Its author withdrew this contribution: it can no longer be coded or answered."),
    )


@transaction.atomic
def contribution_code(
    *,
    contribution: Contribution,
    themes: Iterable[Theme],
    user: User,
    disposition: Disposition | None = None,
    primary_theme: Theme | None = None,
    note: str = "",
    response_en: str = "",
    response_fr: str = "",
) -> ContributionAssessment:
    """Save an analyst's decision on one contribution: themes, disposition, response, note.

    Chosen themes become confirmed codings (a machine suggestion chosen is confirmed, keeping
    its confidence); suggestions not chosen are rejected and never suggested again; human codings
    not chosen are removed.
    """
    _refuse_withdrawn(contribution)
    themes = _chosen_themes(contribution, themes, primary_theme)
    note = _clean_note(note, NOTE_MAX_LENGTH)
    response_en = _clean_note(response_en, RESPONSE_MAX_LENGTH)
    response_fr = _clean_note(response_fr, RESPONSE_MAX_LENGTH)
    before = selectors.coding_state(contribution.pk)
    _codings_replace(contribution, {theme.pk for theme in themes}, user)
    if primary_theme is None and len(themes) == 1:
        primary_theme = themes[0]
    assessment, _created = ContributionAssessment.objects.get_or_create(contribution=contribution)
    assessment.disposition = disposition
    assessment.primary_theme = primary_theme
    assessment.assessed_by = user
    _assessment_words(assessment, note=note, response_en=response_en, response_fr=response_fr)
    selectors.queue_counts_adjust(
        contribution=contribution, before=before, after=selectors.coding_state(contribution.pk)
    )
    return assessment


def _assessment_words(
    assessment: ContributionAssessment, *, note: str, response_en: str, response_fr: str
) -> None:
    """The analyst's note and the public response in both languages, saved with the rest."""
    assessment.note = note
    # modeltranslation's language fields, unknown to the type checker.
    assessment.response_en = response_en  # type: ignore[attr-defined]
    assessment.response_fr = response_fr  # type: ignore[attr-defined]
    assessment.save()


def _chosen_themes(
    contribution: Contribution, themes: Iterable[Theme], primary_theme: Theme | None
) -> list[Theme]:
    """The themes chosen, all from the process's active codebook, the primary one among them."""
    chosen = list(themes)
    for theme in chosen:
        if theme.process_id != contribution.process_id or not theme.is_active:
            raise ValidationError(_("Choose themes from this process's active codebook."))
    if primary_theme is not None and primary_theme not in chosen:
        chosen.append(primary_theme)
    return chosen


def _codings_replace(contribution: Contribution, chosen: set[int], user: User) -> None:
    """The chosen themes become the contribution's confirmed codings; machine suggestions left
    out are remembered as rejected, so they are not suggested again."""
    current = {coding.theme_id: coding for coding in contribution.codings.all()}
    RejectedSuggestion.objects.bulk_create(
        [
            RejectedSuggestion(contribution=contribution, theme_id=theme_id, rejected_by=user)
            for theme_id, coding in current.items()
            if theme_id not in chosen
            and coding.source == Coding.Source.MACHINE
            and not coding.confirmed
        ],
        ignore_conflicts=True,
    )
    Coding.objects.filter(contribution=contribution).exclude(theme_id__in=chosen).delete()
    Coding.objects.filter(contribution=contribution, theme_id__in=chosen, confirmed=False).update(
        confirmed=True, coded_by=user
    )
    Coding.objects.bulk_create(
        [
            Coding(
                contribution=contribution,
                theme_id=theme_id,
                source=Coding.Source.HUMAN,
                confirmed=True,
                coded_by=user,
            )
            for theme_id in chosen - set(current)
        ]
    )


@transaction.atomic
def suggestion_accept(*, coding: Coding, user: User) -> Coding:
    before = selectors.coding_state(coding.contribution_id)
    coding.confirmed = True
    coding.coded_by = user
    coding.save(update_fields=["confirmed", "coded_by"])
    selectors.queue_counts_adjust(
        contribution=coding.contribution,
        before=before,
        after=selectors.coding_state(coding.contribution_id),
    )
    return coding


@transaction.atomic
def suggestion_reject(*, coding: Coding, user: User) -> None:
    if coding.confirmed:
        raise ValidationError(_("This theme was confirmed by a person; remove it by recoding."))
    RejectedSuggestion.objects.get_or_create(
        contribution_id=coding.contribution_id,
        theme_id=coding.theme_id,
        defaults={"rejected_by": user},
    )
    before = selectors.coding_state(coding.contribution_id)
    contribution_id = coding.contribution_id
    coding.delete()
    selectors.queue_counts_adjust(
        contribution=coding.contribution,
        before=before,
        after=selectors.coding_state(contribution_id),
    )


@transaction.atomic
def translation_save(
    *, contribution: Contribution, language: str, text: str, user: User
) -> ContributionTranslation:
    """Store staff's translation of a contribution into English or French.

    A translation is published beside the contribution (open data, What We Heard quotes) and
    analysts translate the text as written: it is stored masked, by the corpus's one rule, so
    it never publishes what the contribution's masked copy hides.
    """
    text = clean_public_text(text, max_length=TRANSLATION_MAX_LENGTH)
    text = redacted_or_blank(text, language) or text
    if language not in ("en", "fr"):
        raise ValidationError(_("Translations are into English or French."))
    if language == contribution.language:
        raise ValidationError(_("The contribution is already in this language."))
    translation, _created = ContributionTranslation.objects.update_or_create(
        contribution=contribution,
        language=language,
        defaults={"text": text, "translated_by": user},
    )
    return translation
