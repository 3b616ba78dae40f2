"""The back office's forms: answering a request to correct personal information."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.privacy.models import CorrectionRequest


class CorrectionAnswerForm(forms.Form):
    """Where a correction request goes next, and what the person is told."""

    status = forms.ChoiceField(label=_("New status"))
    response = forms.CharField(
        label=_("Answer to the person"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, correction: CorrectionRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = CorrectionRequest.TRANSITIONS.get(correction.status, frozenset())
        self.fields["status"].choices = [
            (value, label) for value, label in CorrectionRequest.Status.choices if value in allowed
        ]
        self.initial.setdefault("response", correction.response)

    def clean(self) -> dict:
        cleaned = super().clean()
        closing = cleaned.get("status") not in (None, *CorrectionRequest.OPEN_STATUSES)
        if closing and not cleaned.get("response", "").strip():
            self.add_error("response", _("Tell the person what was corrected, or why not."))
        return cleaned
