"""Staff see mailboxes (with their failures), import runs and their rejects, and attachments."""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .email_import import MailboxError, mailbox_poll
from .models import EmailAttachment, ImportReject, ImportRun, Mailbox

# A cell starting with one of these is a formula to a spreadsheet: rejects hold what outsiders
# wrote (a post, a note), so such cells get a leading apostrophe before staff open them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def rejects_csv_response(run: ImportRun) -> StreamingHttpResponse:
    """The rejects of a run as CSV, streamed (a run may have many)."""
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with the mark
        yield writer.writerow(
            [_("message or row"), _("line"), _("column"), _("reason"), _("excerpt")]
        )
        for reject in run.rejects.order_by("position", "pk").iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    reject.position,
                    reject.line or "",
                    _cell(reject.column),
                    _cell(reject.reason),
                    _cell(reject.raw),
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-rejects.csv"'
    return response


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "process",
        "host",
        "security",
        "active",
        "poll_every_minutes",
        "last_success_at",
        "failure_count",
        "status",
    ]
    list_filter = ["active", "process", "security"]
    list_select_related = ["process"]
    readonly_fields = [
        "last_polled_at",
        "last_success_at",
        "failure_count",
        "next_poll_at",
        "last_error",
    ]
    actions = ["poll_now"]

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj: Mailbox) -> str:
        if obj.failure_count:
            return _("Failing: %(error)s") % {"error": obj.last_error[:120]}
        if obj.last_success_at:
            return _("Working")
        return _("Never polled")

    @admin.action(description=gettext_lazy("Poll the selected mailboxes now"))
    def poll_now(self, request: HttpRequest, queryset) -> None:
        for mailbox in queryset:
            try:
                run = mailbox_poll(mailbox=mailbox, imported_by=request.user)
            except MailboxError as exc:
                self.message_user(request, f"{mailbox.label}: {exc}", messages.ERROR)
                continue
            self.message_user(
                request,
                _(
                    "%(mailbox)s: %(imported)s imported, %(duplicates)s duplicates, "
                    "%(rejected)s rejected."
                )
                % {
                    "mailbox": mailbox.label,
                    "imported": run.imported_count,
                    "duplicates": run.duplicate_count,
                    "rejected": run.rejected_count,
                },
                messages.SUCCESS,
            )


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "source",
        "process",
        "filename",
        "state",
        "read_count",
        "imported_count",
        "duplicate_count",
        "updated_count",
        "rejected_count",
        "rejects_link",
    ]
    list_filter = ["source", "state", "process"]
    list_select_related = ["process"]
    date_hierarchy = "started_at"
    readonly_fields = [field.name for field in ImportRun._meta.fields] + ["rejects_link"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("rejects"))
    def rejects_link(self, obj: ImportRun) -> str:
        if not obj.rejected_count:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:intake_importrun_rejects", args=[obj.pk]),
            _("Download the rejects (CSV)"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/rejects.csv",
                self.admin_site.admin_view(self.rejects_download),
                name="intake_importrun_rejects",
            ),
            *super().get_urls(),
        ]

    def rejects_download(self, request: HttpRequest, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return rejects_csv_response(get_object_or_404(ImportRun, pk=pk))


@admin.register(ImportReject)
class ImportRejectAdmin(admin.ModelAdmin):
    list_display = ["run", "position", "line", "column", "reason"]
    list_filter = ["run__source"]
    list_select_related = ["run"]
    raw_id_fields = ["run"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(EmailAttachment)
class EmailAttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "content_type", "size", "text_extracted", "download"]
    list_filter = ["content_type", "text_extracted"]
    raw_id_fields = ["contribution"]
    exclude = ["file"]
    readonly_fields = ["download"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj: EmailAttachment) -> str:
        if not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:intake_emailattachment_download", args=[obj.pk]),
            _("Download"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/download",
                self.admin_site.admin_view(self.download_view),
                name="intake_emailattachment_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(EmailAttachment, pk=pk)
        if not attachment.file:
            raise Http404
        # Always a download, never rendered by the browser: attachments may be hostile.
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type="application/octet-stream",
        )
