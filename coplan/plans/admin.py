from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import PlanVersion


@admin.register(PlanVersion)
class PlanVersionAdmin(TranslationAdmin):
    """Read only: versions are written through the plan's staff pages, and published ones are
    frozen for good."""

    list_display = ["__str__", "plan", "number", "status", "published_at", "fingerprint"]
    list_filter = ["status"]
    readonly_fields = ["plan", "number", "status", "based_on", "fingerprint", "published_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
