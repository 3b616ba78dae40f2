from django.contrib import admin
from django.contrib.admin.models import LogEntry

from .models import StaffAction


@admin.register(StaffAction)
class StaffActionAdmin(admin.ModelAdmin):
    """The audit trail is read-only, even for administrators."""

    list_display = ["at", "user", "method", "view_name", "object_ids", "status"]
    list_filter = ["method", "status"]
    search_fields = ["view_name", "object_ids"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    """Django's own record of changes made in the admin, shown read-only."""

    list_display = ["action_time", "user", "content_type", "object_id", "action_flag"]
    list_filter = ["action_flag", "content_type"]
    list_select_related = ["user", "content_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
