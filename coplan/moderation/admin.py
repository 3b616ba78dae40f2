from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Decision, ModerationReason


@admin.register(ModerationReason)
class ModerationReasonAdmin(TranslationAdmin):
    list_display = ["title", "slug", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["title_en"]}

    def has_delete_permission(self, request, obj=None) -> bool:
        # Reasons quoted in the log stay; retire one by unticking "in use".
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The audit log, readable and never editable."""

    list_display = ["decided_at", "action", "contribution", "from_state", "to_state", "reason"]
    list_filter = ["action", "to_state"]
    date_hierarchy = "decided_at"
    list_select_related = ["contribution", "reason"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
