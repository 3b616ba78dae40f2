"""The forum's records in the admin, for administrators: bilingual fields side by side.

Everyday work goes through the staff pages (which check the rules in services.py); the admin is
for corrections. States that the services move (a meeting's publication, a lesson's publication)
are read-only here, so publishing always goes through the checks for both languages.
"""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import (
    Evidence,
    Forum,
    ForumMember,
    Lesson,
    Meeting,
    MeetingDocument,
    ProcessReview,
    WorkspacePage,
    WorkspacePageVersion,
)


@admin.register(Forum)
class ForumAdmin(TranslationAdmin):
    list_display = ["name", "slug", "process", "updated_at"]
    search_fields = ["name_en", "name_fr", "slug"]
    list_select_related = ["process"]


@admin.register(ForumMember)
class ForumMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "forum", "organisation", "sector", "role", "term_start", "term_end"]
    list_filter = ["forum", "sector", "role"]
    search_fields = ["name"]
    list_select_related = ["forum", "organisation"]
    raw_id_fields = ["user"]


class MeetingDocumentInline(TranslationTabularInline):
    model = MeetingDocument
    extra = 0
    fields = ["title", "kind", "size", "sha256", "uploaded_at"]
    readonly_fields = ["kind", "size", "sha256", "uploaded_at"]
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        # Files come in through the staff page, which checks their type and size.
        return False


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    list_display = ["title", "forum", "held_at", "status"]
    list_filter = ["forum", "status"]
    search_fields = ["title_en", "title_fr"]
    date_hierarchy = "held_at"
    readonly_fields = ["status", "agenda_published_at", "minutes_published_at"]
    list_select_related = ["forum"]
    inlines = [MeetingDocumentInline]


@admin.register(Evidence)
class EvidenceAdmin(TranslationAdmin):
    list_display = ["requirement", "process", "url", "kind", "added_at"]
    list_filter = ["requirement", "process"]
    readonly_fields = ["file", "kind", "size", "added_by", "added_at"]
    list_select_related = ["process"]

    def has_add_permission(self, request) -> bool:
        # Evidence comes in through the compliance page, which checks files and requirements.
        return False


@admin.register(Lesson)
class LessonAdmin(TranslationAdmin):
    list_display = ["__str__", "process", "phase", "recorded_at", "published_at"]
    list_filter = ["process"]
    readonly_fields = ["published_at"]
    list_select_related = ["process", "phase"]


class WorkspacePageVersionInline(admin.TabularInline):
    model = WorkspacePageVersion
    extra = 0
    fields = ["number", "title", "saved_by", "saved_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WorkspacePage)
class WorkspacePageAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "updated_by", "updated_at"]
    list_filter = ["forum"]
    readonly_fields = ["updated_by", "updated_at"]
    list_select_related = ["forum", "updated_by"]
    inlines = [WorkspacePageVersionInline]


@admin.register(ProcessReview)
class ProcessReviewAdmin(admin.ModelAdmin):
    list_display = ["phase", "questionnaire", "created_at"]
    list_select_related = ["phase", "questionnaire"]
    raw_id_fields = ["phase", "questionnaire"]
