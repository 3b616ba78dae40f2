"""Staff create sessions here, in both languages; times are typed in the session's own zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin
from django.utils import timezone
from modeltranslation.admin import TranslationAdmin

from .models import Event, Registration
from .services import waitlist_promote


class EventAdminForm(forms.ModelForm):
    online_url = forms.URLField(assume_scheme="https", required=False, max_length=500)

    class Meta:
        model = Event
        fields = [
            "opportunity",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "format",
            "venue_name",
            "venue_address",
            "city",
            "province",
            "online_url",
            "host",
            "host_organisation",
            "third_party_event",
            "accessibility",
            "capacity",
            "registration_open",
            "attendance",
            "summary",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Show the saved times as wall-clock times of the session's zone.
        if self.instance.pk:
            zone = ZoneInfo(self.instance.time_zone)
            for name in ("starts_at", "ends_at"):
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self) -> dict:
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = ZoneInfo(zone_name)
            current = timezone.get_current_timezone()
            for name in ("starts_at", "ends_at"):
                value = cleaned.get(name)
                if value:
                    # The form read the wall-clock time in the site's zone: re-read it in the
                    # session's zone.
                    wall = value.astimezone(current).replace(tzinfo=None)
                    cleaned[name] = wall.replace(tzinfo=zone)
                    setattr(self.instance, name, cleaned[name])
        return cleaned


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    def has_module_permission(self, request) -> bool:
        # Permissions come from rules.py (the rules backend has no module permissions).
        return request.user.has_perm("events.view_event")

    form = EventAdminForm
    list_display = ["title", "starts_at", "format", "city", "province", "capacity"]
    list_filter = ["format", "province", "opportunity__phase__process"]
    readonly_fields = ["confirmed_count"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # More seats, or registration reopened: the waitlist moves up.
        waitlist_promote(event=obj)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-only: seats and the waitlist change only through the services (cancel link, staff
    pages), which keep the seat count right and email the people concerned."""

    list_display = ["pk", "event", "status", "created_at"]
    list_filter = ["status"]
    fields = ["event", "name", "email", "accessibility_needs", "language", "status", "attended"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
