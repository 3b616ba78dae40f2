from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question, Questionnaire


@register(Questionnaire)
class QuestionnaireTranslation(TranslationOptions):
    fields = ("title", "introduction", "thank_you")
    required_languages = {"en": ("title",), "fr": ("title",)}


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "scale_min_label", "scale_max_label")
    required_languages = {"en": ("text",), "fr": ("text",)}


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "fr")
