from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AccessRequest, CorrectionRequest, RetentionRun


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        overdue = {
            "status__in": CorrectionRequest.OPEN_STATUSES,
            "due_on__lt": timezone.localdate(),
        }
        if self.value() == "yes":
            return queryset.filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(**overdue)
        return queryset


def _move(status: str):
    def action(modeladmin, request: HttpRequest, queryset: QuerySet) -> None:
        moved = 0
        for correction in queryset:
            try:
                services.correction_request_set_status(
                    correction=correction, status=status, by=request.user
                )
                moved += 1
            except ValidationError as error:
                modeladmin.message_user(request, error.messages[0], messages.WARNING)
        modeladmin.message_user(
            request, _("%(count)s request(s) updated.") % {"count": moved}, messages.SUCCESS
        )

    action.__name__ = f"mark_{status}"
    action.short_description = _("Mark as: %(status)s") % {
        "status": CorrectionRequest.Status(status).label
    }
    return action


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "received_at", "due_on", "overdue", "answered_at"]
    list_filter = [OverdueFilter, "status"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "user",
        "email",
        "language",
        "details",
        "status",
        "received_at",
        "due_on",
        "answered_at",
        "handled_by",
    ]
    fields = [*readonly_fields, "response"]
    actions = [_move(s) for s in ("in_progress", "corrected", "declined")]

    @admin.display(boolean=True, description=_("overdue"))
    def overdue(self, obj: CorrectionRequest) -> bool:
        return obj.is_overdue()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "run_on", "dry_run", "total", "accounts_deactivated", "finished_at"]
    list_filter = ["kind", "dry_run"]
    readonly_fields = [f.name for f in RetentionRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(AccessRequest)
class AccessRequestAdmin(admin.ModelAdmin):
    """Dates only: staff can see how many people asked, not who."""

    list_display = ["__str__", "language", "requested_at", "last_used_at"]
    fields = ["language", "requested_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
