"""The back office's forms: questionnaires, their questions and choices, and copying one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.processes.models import Opportunity, Process
from coplan.surveys.models import Question, Questionnaire

from ._common import DATETIME_WIDGET, BilingualModelForm, process_opportunities

CHOICE_LABEL = _("Choice %(number)s: %(label)s")


class QuestionnaireForm(BilingualModelForm):
    required_pairs = ("title",)

    class Meta:
        model = Questionnaire
        fields = [
            "opportunity",
            "slug",
            "title_en",
            "title_fr",
            "introduction_en",
            "introduction_fr",
            "thank_you_en",
            "thank_you_fr",
            "one_response_per_person",
            "requires_account",
            "results_visibility",
            "closes_at",
        ]
        widgets = {
            "closes_at": DATETIME_WIDGET,
            "introduction_en": forms.Textarea(attrs={"rows": 3}),
            "introduction_fr": forms.Textarea(attrs={"rows": 3}),
            "thank_you_en": forms.Textarea(attrs={"rows": 2}),
            "thank_you_fr": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        process_opportunities(self.fields["opportunity"], process)


class QuestionForm(BilingualModelForm):
    required_pairs = ("text",)

    class Meta:
        model = Question
        fields = [
            "text_en",
            "text_fr",
            "help_text_en",
            "help_text_fr",
            "scale_min_label_en",
            "scale_min_label_fr",
            "scale_max_label_en",
            "scale_max_label_fr",
            "kind",
            "required",
            "allows_other",
            "scale_min",
            "scale_max",
        ]


class ChoiceForm(forms.Form):
    """One choice of a question, in both languages; both empty: no choice on this line."""

    label_en = forms.CharField(label=_("in English"), max_length=250, required=False)
    label_fr = forms.CharField(label=_("in French"), max_length=250, required=False)

    def __init__(self, *args, number: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        for field in self.fields.values():
            field.label = CHOICE_LABEL % {"number": number, "label": field.label}

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self["label_en"], self["label_fr"])]

    def single_fields(self) -> list[forms.BoundField]:
        return []

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("label_en")) != bool(cleaned.get("label_fr")):
            raise forms.ValidationError(
                _("Choice %(number)s needs its text in English and in French.")
                % {"number": self.number}
            )
        return cleaned

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("label_en") or self.cleaned_data.get("label_fr"))


class QuestionnaireCopyForm(forms.Form):
    """Which past questionnaire to copy, onto which of this process's opportunities."""

    source = forms.ModelChoiceField(
        label=_("Questionnaire to copy"), queryset=Questionnaire.objects.none()
    )
    opportunity = forms.ModelChoiceField(
        label=_("Opportunity of this process it belongs to"), queryset=Opportunity.objects.none()
    )

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        source.queryset = Questionnaire.objects.select_related(
            "opportunity__phase__process"
        ).order_by(
            "-opportunity__phase__process__starts_on",
            "opportunity__phase__position",
            "position",
            "pk",
        )
        source.label_from_instance = lambda q: f"{q.opportunity.phase.process.title} — {q.title}"
        process_opportunities(self.fields["opportunity"], process)
