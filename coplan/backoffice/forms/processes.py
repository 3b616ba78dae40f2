"""The back office's forms: processes, their phases in the cycle and their opportunities."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.processes.models import Opportunity, Phase, Process

from ._common import DATE_WIDGET, DATETIME_WIDGET, BilingualModelForm

PHASE_LABEL = _("Phase %(number)s: %(label)s")


class ProcessForm(BilingualModelForm):
    required_pairs = ("title", "summary", "privacy_purpose", "privacy_authority", "privacy_contact")

    class Meta:
        model = Process
        fields = [
            "slug",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "introduction_en",
            "introduction_fr",
            "privacy_purpose_en",
            "privacy_purpose_fr",
            "privacy_authority_en",
            "privacy_authority_fr",
            "privacy_contact_en",
            "privacy_contact_fr",
            "starts_on",
            "ends_on",
            "participation_deadline",
            "retention_months",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "participation_deadline": DATE_WIDGET,
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "introduction_en": forms.Textarea(attrs={"rows": 3}),
            "introduction_fr": forms.Textarea(attrs={"rows": 3}),
            "privacy_purpose_en": forms.Textarea(attrs={"rows": 2}),
            "privacy_purpose_fr": forms.Textarea(attrs={"rows": 2}),
            "privacy_authority_en": forms.Textarea(attrs={"rows": 2}),
            "privacy_authority_fr": forms.Textarea(attrs={"rows": 2}),
            "privacy_contact_en": forms.Textarea(attrs={"rows": 2}),
            "privacy_contact_fr": forms.Textarea(attrs={"rows": 2}),
        }


class PhaseForm(BilingualModelForm):
    """One phase's texts and dates; `with_position` adds its number in the cycle (reordering)."""

    required_pairs = ("name", "purpose")

    class Meta:
        model = Phase
        fields = [
            "name_en",
            "name_fr",
            "dates_label_en",
            "dates_label_fr",
            "purpose_en",
            "purpose_fr",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "purpose_en": forms.Textarea(attrs={"rows": 2}),
            "purpose_fr": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, number: int, with_position: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Six phases on one page: each label says which phase, in the fields and in the summary.
        for field in self.fields.values():
            field.label = PHASE_LABEL % {"number": number, "label": field.label}
        if with_position:
            self.fields["position"] = forms.IntegerField(
                label=PHASE_LABEL % {"number": number, "label": _("Order in the cycle")},
                min_value=1,
                max_value=6,
            )
            if self.instance.pk:
                self.initial.setdefault("position", self.instance.position)


class CurrentPhaseForm(forms.Form):
    phase = forms.ModelChoiceField(
        label=_("Current phase"),
        queryset=Phase.objects.none(),
        required=False,
        empty_label=_("Follow the dates"),
    )

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = process.phases.order_by("position")


class OpportunityForm(BilingualModelForm):
    required_pairs = ("title", "description")

    class Meta:
        model = Opportunity
        fields = [
            "phase",
            "kind",
            "slug",
            "title_en",
            "title_fr",
            "description_en",
            "description_fr",
            "opens_at",
            "closes_at",
            "allows_anonymous",
            "voice_rule",
            "position",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "opens_at": _("The opportunity opens by itself at this time; empty: open it by hand."),
            "closes_at": _("It closes by itself at this time; a later time extends it."),
        }

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = process.phases.order_by("position")
        self.fields["phase"].empty_label = None
