from modeltranslation.translator import TranslationOptions, register

from .models import JobProgress


@register(JobProgress)
class JobProgressTranslation(TranslationOptions):
    # A job is started in one language and watched in either: its label is kept in both.
    fields = ("label",)
