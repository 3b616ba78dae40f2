"""The back office's forms: sessions staff hold or list."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coplan.events.models import Event
from coplan.processes.models import Opportunity, Process

from ._common import DATETIME_WIDGET, BilingualModelForm, process_opportunities


class EventForm(BilingualModelForm):
    """A session; its start and end are read in the session's own time zone."""

    required_pairs = ("title", "description")
    # Links are secure by default (the model field's own form field warns of Django 6's change).
    online_url = forms.URLField(
        label=capfirst(Event._meta.get_field("online_url").verbose_name),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Event
        fields = [
            "opportunity",
            "title_en",
            "title_fr",
            "description_en",
            "description_fr",
            "venue_name_en",
            "venue_name_fr",
            "host_organisation_en",
            "host_organisation_fr",
            "third_party_event_en",
            "third_party_event_fr",
            "accessibility_en",
            "accessibility_fr",
            "time_zone",
            "starts_at",
            "ends_at",
            "format",
            "venue_address",
            "city",
            "province",
            "online_url",
            "host",
            "capacity",
            "registration_open",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
            "accessibility_en": forms.Textarea(attrs={"rows": 2}),
            "accessibility_fr": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_at": _("In the session's time zone."),
            "ends_at": _("In the session's time zone."),
        }

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        process_opportunities(self.fields["opportunity"], process, kind=Opportunity.Kind.SESSIONS)
        if self.instance.pk:
            # Shown as the session's local time, as staff enter it.
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in ("starts_at", "ends_at"):
                local = timezone.localtime(getattr(self.instance, name), zone)
                self.initial[name] = local.replace(tzinfo=None)

    def clean(self) -> dict:
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            current = timezone.get_current_timezone()
            for name in ("starts_at", "ends_at"):
                value = cleaned.get(name)
                if value is not None:
                    # The form read the time in the site's zone; it was meant in the session's.
                    naive = timezone.make_naive(value, current)
                    cleaned[name] = timezone.make_aware(naive, zone)
        return cleaned
