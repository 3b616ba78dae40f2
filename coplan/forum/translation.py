from modeltranslation.translator import TranslationOptions, register

from .models import Evidence, Forum, Lesson, Meeting, MeetingDocument


@register(Forum)
class ForumTranslation(TranslationOptions):
    fields = ("name", "terms_of_reference", "participation_rules")
    required_languages = {"en": ("name",), "fr": ("name",)}


@register(Meeting)
class MeetingTranslation(TranslationOptions):
    # Agenda and minutes are written over time; publishing checks both languages are there.
    fields = ("title", "location", "agenda", "minutes", "decisions")
    required_languages = {"en": ("title",), "fr": ("title",)}


@register(MeetingDocument)
class MeetingDocumentTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en", "fr")


@register(Evidence)
class EvidenceTranslation(TranslationOptions):
    fields = ("description",)
    required_languages = ("en", "fr")


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ("lesson", "action")
    required_languages = {"en": ("lesson",), "fr": ("lesson",)}
