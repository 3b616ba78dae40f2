from modeltranslation.translator import TranslationOptions, register

from .models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = (
        "title",
        "description",
        "venue_name",
        "host_organisation",
        "third_party_event",
        "accessibility",
        "summary",
    )
    required_languages = {"en": ("title", "description"), "fr": ("title", "description")}
