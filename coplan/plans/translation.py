from modeltranslation.translator import TranslationOptions, register

from .models import (
    CabinetReview,
    ChangeExplanation,
    FrozenSection,
    PlanEvent,
    PlanParagraph,
    PlanSection,
    PlanVersion,
)


@register(PlanVersion)
class PlanVersionTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en", "fr")


@register(PlanSection)
class PlanSectionTranslation(TranslationOptions):
    fields = ("heading", "body")
    required_languages = {"en": ("heading",), "fr": ("heading",)}


@register(FrozenSection)
class FrozenSectionTranslation(TranslationOptions):
    fields = ("heading",)
    required_languages = ("en", "fr")


@register(PlanParagraph)
class PlanParagraphTranslation(TranslationOptions):
    fields = ("label", "text")
    required_languages = {"en": ("text",), "fr": ("text",)}


@register(ChangeExplanation)
class ChangeExplanationTranslation(TranslationOptions):
    fields = ("explanation",)


@register(CabinetReview)
class CabinetReviewTranslation(TranslationOptions):
    # Staff pages are read in both languages: the notes are written in both.
    fields = ("submission_notes", "decision_notes")


@register(PlanEvent)
class PlanEventTranslation(TranslationOptions):
    fields = ("notes",)
