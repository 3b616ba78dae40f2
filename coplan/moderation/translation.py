from modeltranslation.translator import TranslationOptions, register

from .models import ModerationReason


@register(ModerationReason)
class ModerationReasonTranslation(TranslationOptions):
    fields = ("title", "explanation")
    required_languages = {"en": ("title",), "fr": ("title",)}
