from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coplan.core.text import clean_public_text

from .services import CORRECTION_DETAILS_MAX_LENGTH


class AccessLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We will send a link to this address; it works for 24 hours."),
    )


class CorrectionForm(forms.Form):
    details = forms.CharField(
        label=_("What should be corrected?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Say which information is wrong and what it should be. We answer within 30 days."
        ),
    )

    def clean_details(self) -> str:
        try:
            return clean_public_text(
                self.cleaned_data["details"], max_length=CORRECTION_DETAILS_MAX_LENGTH
            )
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from None


class WithdrawForm(forms.Form):
    label = forms.CharField(max_length=100)
    pk = forms.IntegerField(min_value=1)
