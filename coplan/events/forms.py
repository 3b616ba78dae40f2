from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.contributions.forms import PublicForm, SensitiveTextMixin
from coplan.contributions.models import TEXT_MAX_LENGTH, Province

from . import proposal_checks
from .models import (
    NAME_MAX_LENGTH,
    NEEDS_MAX_LENGTH,
    OFFER_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    TIME_ZONES,
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


class SessionProposalForm(PublicForm):
    """A partner's or a third party's session: the title, description and names shown once a
    moderator approves it go through the sensitive-information warning; the contact is never
    published (ContributorContact, privacy registry)."""

    # The venue's street address is meant to be published (a public place, exempt in the
    # privacy registry): warning of "an address" there would only be noise.
    sensitive_fields = ("title", "description", "host_organisation", "venue_name", "city")
    title = forms.CharField(
        label=_("Title of the session"), max_length=proposal_checks.TITLE_MAX_LENGTH
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the session is about, who it is for and how to take part."),
        widget=forms.Textarea(
            attrs={"rows": 6, "maxlength": proposal_checks.DESCRIPTION_MAX_LENGTH}
        ),
        max_length=proposal_checks.DESCRIPTION_MAX_LENGTH,
    )
    host_organisation = forms.CharField(
        label=_("Host organisation"),
        help_text=_("Shown on the session: “Hosted by” this organisation."),
        max_length=proposal_checks.ORGANISATION_MAX_LENGTH,
    )
    day = forms.DateField(
        label=_("Date"),
        help_text=_("For example: 2027-03-15"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=TIME_ZONES, initial="America/Toronto"
    )
    format = forms.ChoiceField(label=_("Format"), choices=Event.Format.choices)
    venue_name = forms.CharField(
        label=_("Venue (optional)"), max_length=proposal_checks.VENUE_MAX_LENGTH, required=False
    )
    venue_address = forms.CharField(
        label=_("Street address of the venue (optional)"),
        max_length=proposal_checks.ADDRESS_MAX_LENGTH,
        required=False,
    )
    city = forms.CharField(
        label=_("City or community"),
        help_text=_("Required for a session in person."),
        max_length=proposal_checks.CITY_MAX_LENGTH,
        required=False,
    )
    province = forms.ChoiceField(
        label=_("Province or territory"),
        help_text=_("Required for a session in person."),
        choices=[("", _("Choose…"))] + list(Province.choices),
        required=False,
    )
    online_url = forms.URLField(
        label=_("Online link"),
        help_text=_("Required for an online session: where people join or register."),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Never published. We write to you here about your proposal."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        day, start, end = (cleaned.get(name) for name in ("day", "start_time", "end_time"))
        zone = cleaned.get("time_zone")
        if day and start and end and zone:
            tz = ZoneInfo(zone)
            cleaned["starts_at"] = datetime.datetime.combine(day, start, tzinfo=tz)
            cleaned["ends_at"] = datetime.datetime.combine(day, end, tzinfo=tz)
        return cleaned
