from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.contributions.forms import SensitiveTextMixin
from coplan.contributions.models import TEXT_MAX_LENGTH, Province

from .models import (
    NAME_MAX_LENGTH,
    NEEDS_MAX_LENGTH,
    OFFER_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    Event,
    VolunteerOffer,
)
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


class VolunteerOfferForm(forms.Form):
    """The public offer to help with sessions; the service cleans and checks the text."""

    role = forms.ChoiceField(
        label=_("I would like to"), choices=VolunteerOffer.Role.choices, widget=forms.RadioSelect
    )
    offer = forms.CharField(
        label=_("What you offer"),
        help_text=_(
            "Your experience leading or facilitating discussions, the topics you know, the "
            "languages you speak, when you are available."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=OFFER_MAX_LENGTH,
    )
    city = forms.CharField(
        label=_("City or community (optional)"),
        help_text=_("Where you could lead or facilitate a session in person."),
        max_length=120,
        required=False,
    )
    province = forms.ChoiceField(
        label=_("Province or territory (optional)"),
        choices=[("", _("Online only, or anywhere"))] + list(Province.choices),
        required=False,
    )
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=_("Your email address"), help_text=_("We answer your offer at this address.")
    )


class VolunteerAnswerForm(forms.Form):
    """Staff's answer to an offer: only the statuses the offer can reach are offered."""

    status = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect)
    reply = forms.CharField(
        label=_("Reply to the person"),
        help_text=_("Sent by email as written: write it in the person's language."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=REPLY_MAX_LENGTH,
    )

    def __init__(self, *args, volunteer: VolunteerOffer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, VolunteerOffer.Status(status).label)
            for status in sorted(VolunteerOffer.TRANSITIONS[volunteer.status])
        ]
