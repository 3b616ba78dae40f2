from modeltranslation.translator import TranslationOptions, register

from .models import ContributionAssessment, Disposition, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en", "fr")


@register(Disposition)
class DispositionTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en", "fr")


@register(ContributionAssessment)
class AssessmentTranslation(TranslationOptions):
    # Reasoned responses are published in both languages; either may be written first.
    fields = ("response",)
