from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coplan.core.templatetags.coplan_language import page_typography

from .models import PROCESS_KINDS, AnnouncementKind, Subscriber

# Domains of throw-away mailboxes: a subscription there is never read by a person.
DISPOSABLE_DOMAINS = frozenset(
    {
        "mailinator.com",
        "guerrillamail.com",
        "guerrillamail.net",
        "sharklasers.com",
        "10minutemail.com",
        "10minutemail.net",
        "yopmail.com",
        "yopmail.fr",
        "trashmail.com",
        "tempmail.com",
        "temp-mail.org",
        "throwawaymail.com",
        "getnada.com",
        "dispostable.com",
        "maildrop.cc",
        "mailnesia.com",
        "fakeinbox.com",
        "mintemail.com",
        "spamgourmet.com",
        "mohmal.com",
    }
)
# Top-level domains that never receive mail (RFC 2606, RFC 6761).
UNDELIVERABLE_TLDS = frozenset({"invalid", "test", "localhost", "local", "example"})


def clean_subscriber_email(value: str) -> str:
    email = value.strip().lower()
    domain = email.rpartition("@")[2]
    if domain.startswith("[") or "." not in domain:
        raise forms.ValidationError(_("Please enter an email address with a full domain name."))
    if domain.rsplit(".", 1)[-1] in UNDELIVERABLE_TLDS:
        raise forms.ValidationError(_("This address cannot receive email."))
    if domain in DISPOSABLE_DOMAINS or any(domain.endswith("." + d) for d in DISPOSABLE_DOMAINS):
        raise forms.ValidationError(
            _("Please use an address you will keep: temporary mailboxes cannot be subscribed.")
        )
    return email


def _process_label(process) -> str:
    return page_typography(process.title)


class ProcessChoiceField(forms.ModelChoiceField):
    """A choice of process by its title, with French typography on French pages as templates
    show the titles staff typed."""

    label_from_instance = staticmethod(_process_label)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a message to confirm; nothing else is sent until you do."),
    )
    process = ProcessChoiceField(
        label=_("Consultation"), queryset=None, empty_label=None, to_field_name="slug"
    )
    kinds = forms.MultipleChoiceField(
        label=_("What would you like to hear about?"),
        choices=[(kind.value, kind.label) for kind in PROCESS_KINDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of news to follow.")},
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=Subscriber.Language)
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=Subscriber.Frequency, widget=forms.RadioSelect
    )
    # Left empty by people; bots fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        process_model = apps.get_model("processes", "Process")
        self.fields["process"].queryset = process_model.objects.order_by("-starts_on")
        self.fields["language"].initial = (get_language() or "en")[:2]
        self.fields["frequency"].initial = Subscriber.Frequency.IMMEDIATE
        self.fields["kinds"].initial = [kind.value for kind in PROCESS_KINDS]

    def clean_email(self) -> str:
        return clean_subscriber_email(self.cleaned_data["email"])

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Please leave this field empty."))
        return ""


class FollowForm(forms.Form):
    email = SubscribeForm.base_fields["email"]
    language = forms.ChoiceField(label=_("Language of the emails"), choices=Subscriber.Language)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = (get_language() or "en")[:2]

    def clean_email(self) -> str:
        return clean_subscriber_email(self.cleaned_data["email"])


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the emails"), choices=Subscriber.Language)
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=Subscriber.Frequency, widget=forms.RadioSelect
    )


__all__ = ["AnnouncementKind"]
