from modeltranslation.translator import TranslationOptions, register

from .models import (
    Amendment,
    Commitment,
    CommitmentActor,
    CommitmentTransition,
    CommitmentVersion,
    ContributionLink,
    Milestone,
    MilestoneEvidence,
    ProgressUpdate,
    Theme,
)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "fr")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = (
        "title",
        "problem",
        "status_quo",
        "description",
        "how_it_helps",
        "relevance",
        "contact_office",
        "withdrawal_reason",
    )
    # Drafts start small; moving into the draft plan requires every field in both languages.
    required_languages = {"en": ("title",), "fr": ("title",)}


@register(CommitmentActor)
class CommitmentActorTranslation(TranslationOptions):
    fields = ("role",)


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("description",)
    required_languages = ("en", "fr")


@register(MilestoneEvidence)
class MilestoneEvidenceTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "fr")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = ("en", "fr")


@register(Amendment)
class AmendmentTranslation(TranslationOptions):
    # The participant's own words stay in their language; the editors answer in both.
    fields = ("response",)


@register(CommitmentTransition)
class CommitmentTransitionTranslation(TranslationOptions):
    fields = ("reason",)


@register(ContributionLink)
class ContributionLinkTranslation(TranslationOptions):
    fields = ("response",)
    required_languages = ("en", "fr")


@register(CommitmentVersion)
class CommitmentVersionTranslation(TranslationOptions):
    # A version's note is shown on the public page in both languages: system notes are written
    # in both at save time, editors write theirs in both.
    fields = ("note",)
