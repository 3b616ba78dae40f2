from modeltranslation.translator import TranslationOptions, register

from .models import ContactBlock, Opportunity, Phase, Process, StaticPage, VideoBlock


@register(Process)
class ProcessTranslation(TranslationOptions):
    fields = (
        "title",
        "summary",
        "introduction",
        "privacy_purpose",
        "privacy_authority",
        "privacy_contact",
        "personal_information_bank",
    )
    required_languages = {"en": ("title", "summary"), "fr": ("title", "summary")}


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("name", "dates_label", "purpose", "what_happens", "how_to_take_part")
    required_languages = {"en": ("name", "purpose"), "fr": ("name", "purpose")}


@register(Opportunity)
class OpportunityTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en", "fr")


@register(StaticPage)
class StaticPageTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en", "fr")


@register(VideoBlock)
class VideoBlockTranslation(TranslationOptions):
    fields = ("title", "transcript")
    required_languages = ("en", "fr")


@register(ContactBlock)
class ContactBlockTranslation(TranslationOptions):
    fields = ("introduction",)
