"""Staff build questionnaires here, in both languages: questions inline, choices per question."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Choice, Question, Questionnaire


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "help_text", "required", "allows_other"]
    show_change_link = True


@admin.register(Questionnaire)
class QuestionnaireAdmin(TranslationAdmin):
    def has_module_permission(self, request) -> bool:
        # Permissions come from rules.py (the rules backend has no module permissions).
        return request.user.has_perm("surveys.view_questionnaire")

    list_display = ["title", "opportunity", "results_visibility", "closes_at"]
    list_filter = ["results_visibility", "opportunity__phase__process"]
    inlines = [QuestionInline]


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0
    fields = ["position", "label"]


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["text", "questionnaire", "position", "kind", "required"]
    list_filter = ["kind", "questionnaire"]
    inlines = [ChoiceInline]
