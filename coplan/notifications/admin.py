from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin

from .models import Announcement, Delivery, Subscriber


class ReadOnly:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnly, admin.ModelAdmin):
    """States and dates only: the team needs counts and bounces, not the addresses."""

    list_display = ["__str__", "language", "frequency", "confirmed_at", "unsubscribed_at"]
    list_filter = ["language", "frequency"]
    fields = ["language", "frequency", "created_at", "confirmed_at", "unsubscribed_at"]
    readonly_fields = fields


@admin.register(Announcement)
class AnnouncementAdmin(TranslationAdmin):
    list_display = ["title", "kind", "process", "created_at", "fanned_out_at", "recipients"]
    list_filter = ["kind"]
    fields = ["title", "body", "url", "kind", "process", "created_at", "fanned_out_at"]
    readonly_fields = ["kind", "process", "created_at", "fanned_out_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["announcement", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    list_select_related = ["announcement"]
    fields = ["announcement", "status", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields
