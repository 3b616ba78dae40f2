from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.contributions.forms import SensitiveTextMixin
from coplan.contributions.models import TEXT_MAX_LENGTH, Province

from .models import NAME_MAX_LENGTH, NEEDS_MAX_LENGTH, Event
from .services import FACILITATOR_MAX_LENGTH, SUMMARY_MAX_LENGTH, TOPIC_MAX_LENGTH

NOTES_FILE_TYPES = ".csv,.xlsx"


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the confirmation and the link to cancel here."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs (optional)"),
        help_text=_("Tell us what would help you take part: interpretation, captions, access…"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NEEDS_MAX_LENGTH,
        required=False,
    )


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        required=False,
    )
    province = forms.ChoiceField(
        label=_("Province or territory"),
        choices=[("", _("All provinces and territories"))] + list(Province.choices),
        required=False,
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("All formats"))] + list(Event.Format.choices),
        required=False,
    )
    opportunity = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class NoteForm(SensitiveTextMixin, forms.Form):
    """A note becomes a contribution: the staff member typing it gets the sensitive-information
    warning of every form whose text may be published."""

    sensitive_fields = ("topic", "text")
    topic = forms.CharField(label=_("Table or topic"), max_length=TOPIC_MAX_LENGTH, required=False)
    facilitator = forms.CharField(
        label=_("Facilitator"), max_length=FACILITATOR_MAX_LENGTH, required=False
    )
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_MAX_LENGTH
    )
    consent_to_publish = forms.BooleanField(
        label=_("The participants agreed that this note may be published"), required=False
    )


class NotesImportForm(forms.Form):
    file = forms.FileField(
        label=_("Notes file (CSV or XLSX)"),
        help_text=_("One row per note, with the columns: table or topic, facilitator, text."),
        widget=forms.ClearableFileInput(attrs={"accept": NOTES_FILE_TYPES}),
    )


class SummaryForm(forms.Form):
    summary_en = forms.CharField(
        label=_("Public summary in English"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
    )
    summary_fr = forms.CharField(
        label=_("Public summary in French"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
    )
    attendance = forms.IntegerField(
        label=_("Attendance"),
        help_text=_("How many people took part, walk-ins included."),
        min_value=0,
        max_value=1_000_000,
        required=False,
    )
