"""Data set versions in the administration: to look at, never to edit.

Versions are requested on the staff publishing page (which queues the build task) and change
state only through the services; a published version and its files are final. The one change
allowed here is removing a failed version, which has no files and was never public.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import DataSetFile, DataSetStatus, DataSetVersion


class DataSetFileInline(admin.TabularInline):
    model = DataSetFile
    fields = ["resource", "format", "download", "row_count", "size", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=_("file"))
    def download(self, obj: DataSetFile) -> str:
        if obj.version.status != DataSetStatus.PUBLISHED:
            return obj.filename
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.filename)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(DataSetVersion)
class DataSetVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "process", "kind", "number", "status", "row_count", "published_at"]
    list_filter = ["status", "kind", "process"]
    list_select_related = ["process"]
    search_fields = ["process__slug"]
    date_hierarchy = "requested_at"
    fields = [
        "process",
        "kind",
        "number",
        "status",
        "requested_by",
        "requested_at",
        "published_at",
        "row_count",
        "job",
        "failure",
    ]
    readonly_fields = fields
    inlines = [DataSetFileInline]

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("process", "requested_by", "job")

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Publishing goes through the staff page, which numbers the version and builds it.
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.status != DataSetStatus.FAILED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict:
        # Bulk deletion would bypass the per-version check above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def view_on_site(self, obj: DataSetVersion) -> str | None:
        return obj.get_absolute_url() if obj.status == DataSetStatus.PUBLISHED else None


@admin.register(DataSetFile)
class DataSetFileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version", "resource", "format", "row_count", "size"]
    list_filter = ["format", "resource"]
    list_select_related = ["version__process"]
    search_fields = ["path", "sha256"]
    fields = ["version", "resource", "format", "path", "sha256", "size", "row_count"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def view_on_site(self, obj: DataSetFile) -> str | None:
        published = obj.version.status == DataSetStatus.PUBLISHED
        return obj.get_absolute_url() if published else None
