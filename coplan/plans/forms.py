from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    CABINET_NOTES_MAX_LENGTH,
    EXPLANATION_MAX_LENGTH,
    HEADING_MAX_LENGTH,
    SECTION_BODY_MAX_LENGTH,
    CabinetReview,
    PlanSection,
    PlanVersion,
)


class VersionTitleForm(forms.Form):
    title_en = forms.CharField(label=_("Title in English"), max_length=HEADING_MAX_LENGTH)
    title_fr = forms.CharField(label=_("Title in French"), max_length=HEADING_MAX_LENGTH)


class SectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of section"), choices=PlanSection.Kind.choices)
    heading_en = forms.CharField(label=_("Heading in English"), max_length=HEADING_MAX_LENGTH)
    heading_fr = forms.CharField(label=_("Heading in French"), max_length=HEADING_MAX_LENGTH)
    body_en = forms.CharField(
        label=_("Text in English"),
        required=False,
        max_length=SECTION_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Plain text; a blank line separates paragraphs. Each paragraph is commentable."
        ),
    )
    body_fr = forms.CharField(
        label=_("Text in French"),
        required=False,
        max_length=SECTION_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("The same paragraphs as the English text, in the same order."),
    )


def _notes_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=CABINET_NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class BilingualNotesForm(forms.Form):
    """Notes in English and French side by side: both or neither (staff read in either)."""

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(name) for name in ("notes_en", "notes_fr")):
            for name in ("notes_en", "notes_fr"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name, _("Write the notes in English and in French, or leave both empty.")
                    )
        return cleaned


class CabinetSubmitForm(BilingualNotesForm):
    notes_en = _notes_field(_("Notes for Cabinet review (English)"))
    notes_fr = _notes_field(_("Notes for Cabinet review (French)"))


class CabinetDecisionForm(BilingualNotesForm):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (CabinetReview.Status.APPROVED, CabinetReview.Status.APPROVED.label),
            (CabinetReview.Status.CHANGES_REQUESTED, CabinetReview.Status.CHANGES_REQUESTED.label),
        ],
        widget=forms.RadioSelect,
    )
    notes_en = _notes_field(_("Notes on the outcome (English)"))
    notes_fr = _notes_field(_("Notes on the outcome (French)"))


class PublishForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Publish as"),
        choices=[
            (PlanVersion.Status.REVIEW, _("Draft plan for public review")),
            (PlanVersion.Status.FINAL, _("Final plan")),
        ],
        widget=forms.RadioSelect,
    )


class ExplanationForm(forms.Form):
    old = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    new = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    explanation_en = forms.CharField(
        label=_("Why it changed, in English"),
        required=False,
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    explanation_fr = forms.CharField(
        label=_("Why it changed, in French"),
        required=False,
        max_length=EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cited = forms.CharField(
        label=_("Numbers of the comments that prompted the change"),
        required=False,
        max_length=2000,
        help_text=_("Comment numbers separated by commas or spaces, e.g. 1204, 1210."),
    )

    def clean_cited(self) -> list[int]:
        raw = self.cleaned_data["cited"].replace(",", " ").split()
        try:
            ids = [int(value.lstrip("#")) for value in raw]
        except ValueError:
            raise forms.ValidationError(
                _("Use comment numbers only, separated by commas or spaces.")
            ) from None
        if any(value <= 0 for value in ids) or len(ids) > 100:
            raise forms.ValidationError(_("Give at most 100 valid comment numbers."))
        return ids
