"""Input shape only: the services check the domain's rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coplan.accounts.models import Organisation
from coplan.contributions.forms import PublicForm
from coplan.contributions.models import Contribution
from coplan.core.text import clean_public_text

from .models import (
    LONG_TEXT_MAX_LENGTH,
    TEXT_FIELDS,
    ActorKind,
    Amendment,
    Commitment,
    LinkRelation,
    Milestone,
    MilestoneStatus,
    OgpValue,
    Status,
    Theme,
)
from .models.commitment import TITLE_MAX_LENGTH
from .models.drafting import NOTE_MAX_LENGTH, REASON_MAX_LENGTH

LANGUAGE_CHOICES = [("en", _("English")), ("fr", _("French"))]


class CleanTextMixin:
    """Every free-text field goes through core.text.clean_public_text (null bytes, lengths...)."""

    text_limits: dict[str, tuple[int, bool]] = {}

    def clean(self):
        cleaned = super().clean()
        for name, (limit, required) in self.text_limits.items():
            if name in cleaned and name not in self.errors:
                try:
                    cleaned[name] = clean_public_text(
                        cleaned[name] or "", max_length=limit, required=required
                    )
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


def _text_limits() -> dict[str, tuple[int, bool]]:
    limits = {}
    for name in TEXT_FIELDS:
        for language in ("en", "fr"):
            limit = TITLE_MAX_LENGTH if name == "title" else LONG_TEXT_MAX_LENGTH
            limits[f"{name}_{language}"] = (limit, name == "title")
    limits["contact_office_en"] = limits["contact_office_fr"] = (250, False)
    limits["note_en"] = limits["note_fr"] = (NOTE_MAX_LENGTH, False)
    return limits


class CommitmentForm(CleanTextMixin, forms.ModelForm):
    """The co-drafting form: the template's text in both languages, its values, dates, themes."""

    text_limits = _text_limits()
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # The note is shown in the public version history, in both languages.
    note_en = forms.CharField(
        label=_("What did you change? (English, optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )
    note_fr = forms.CharField(
        label=_("What did you change? (French, optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
    )
    ogp_values = forms.MultipleChoiceField(
        label=_("Relevance to OGP values"),
        choices=OgpValue.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Commitment
        fields = [
            *(f"{name}_{language}" for name in TEXT_FIELDS for language in ("en", "fr")),
            "ogp_values",
            "themes",
            "starts_on",
            "ends_on",
            "contact_office_en",
            "contact_office_fr",
            "contact_email",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            **{
                f"{name}_{language}": forms.Textarea(attrs={"rows": 6})
                for name in TEXT_FIELDS
                if name != "title"
                for language in ("en", "fr")
            },
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        notes = {name: cleaned.get(name) for name in ("note_en", "note_fr")}
        if any(notes.values()):
            for name, note in notes.items():
                if not note and name not in self.errors:
                    self.add_error(
                        name, _("Write the note in English and in French, or leave both empty.")
                    )
        return cleaned

    def template_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "themes"}
        data["ogp_values"] = list(self.cleaned_data["ogp_values"])
        return data


class CommitmentCreateForm(CleanTextMixin, forms.Form):
    text_limits = {
        "title_en": (TITLE_MAX_LENGTH, True),
        "title_fr": (TITLE_MAX_LENGTH, True),
        "problem_en": (LONG_TEXT_MAX_LENGTH, False),
        "problem_fr": (LONG_TEXT_MAX_LENGTH, False),
    }
    identifier = forms.SlugField(
        label=_("Identifier"), max_length=20, help_text=_("As the plan numbers it, e.g. “C-07”.")
    )
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_MAX_LENGTH)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=TITLE_MAX_LENGTH)
    problem_en = forms.CharField(
        label=_("Problem addressed (English)"), widget=forms.Textarea, required=False
    )
    problem_fr = forms.CharField(
        label=_("Problem addressed (French)"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process

    def clean_identifier(self):
        identifier = self.cleaned_data["identifier"]
        if Commitment.objects.filter(process=self.process, identifier=identifier).exists():
            raise ValidationError(_("Another commitment already has this identifier."))
        return identifier


class TransitionForm(CleanTextMixin, forms.Form):
    text_limits = {"reason_en": (REASON_MAX_LENGTH, False), "reason_fr": (REASON_MAX_LENGTH, False)}
    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason_en = forms.CharField(
        label=_("Public reason (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to withdraw a commitment."),
    )
    reason_fr = forms.CharField(
        label=_("Public reason (French)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to withdraw a commitment."),
    )


class AmendmentForm(CleanTextMixin, PublicForm):
    """Public text: the one-time token, the honeypot and the sensitive-information warning of
    every public form (contributions.forms.PublicForm)."""

    sensitive_fields = ("replacement", "reason")
    text_limits = {
        "replacement": (LONG_TEXT_MAX_LENGTH, True),
        "reason": (REASON_MAX_LENGTH, True),
    }
    field = forms.ChoiceField(label=_("Part of the template"), choices=Amendment.FIELD_CHOICES)
    language = forms.ChoiceField(label=_("Language of the text"), choices=LANGUAGE_CHOICES)
    replacement = forms.CharField(
        label=_("Your proposed text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The whole new text of this part, as you would like it to read."),
    )
    reason = forms.CharField(label=_("Why this change?"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(CleanTextMixin, forms.Form):
    text_limits = {
        "response_en": (REASON_MAX_LENGTH, True),
        "response_fr": (REASON_MAX_LENGTH, True),
    }
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", _("Accept: apply the text as a new version")),
            ("decline", _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    response_en = forms.CharField(
        label=_("Public response (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    response_fr = forms.CharField(
        label=_("Public response (French)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ActorForm(CleanTextMixin, forms.Form):
    text_limits = {"role_en": (500, False), "role_fr": (500, False)}
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    kind = forms.ChoiceField(label=_("Kind of actor"), choices=ActorKind.choices)
    role_en = forms.CharField(label=_("Role (English)"), required=False, max_length=500)
    role_fr = forms.CharField(label=_("Role (French)"), required=False, max_length=500)


class MilestoneForm(CleanTextMixin, forms.ModelForm):
    text_limits = {
        "description_en": (LONG_TEXT_MAX_LENGTH, True),
        "description_fr": (LONG_TEXT_MAX_LENGTH, True),
    }

    class Meta:
        model = Milestone
        fields = ["description_en", "description_fr", "starts_on", "ends_on", "responsible"]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return cleaned


class ProgressForm(CleanTextMixin, forms.Form):
    text_limits = {
        "text_en": (LONG_TEXT_MAX_LENGTH, True),
        "text_fr": (LONG_TEXT_MAX_LENGTH, True),
        "evidence_label_en": (250, False),
        "evidence_label_fr": (250, False),
    }
    reported_on = forms.DateField(
        label=_("Date of the update"), widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Milestone status"), choices=MilestoneStatus.choices)
    percent_complete = forms.IntegerField(
        label=_("Percentage complete"), min_value=0, max_value=100
    )
    text_en = forms.CharField(label=_("Update (English)"), widget=forms.Textarea(attrs={"rows": 5}))
    text_fr = forms.CharField(label=_("Update (French)"), widget=forms.Textarea(attrs={"rows": 5}))
    evidence_url = forms.URLField(
        assume_scheme="https",
        label=_("Evidence: web address (optional)"),
        required=False,
        max_length=500,
    )
    evidence_label_en = forms.CharField(
        label=_("Evidence: link text (English)"), required=False, max_length=250
    )
    evidence_label_fr = forms.CharField(
        label=_("Evidence: link text (French)"), required=False, max_length=250
    )

    def clean_reported_on(self):
        reported_on = self.cleaned_data["reported_on"]
        if reported_on > timezone.localdate():
            raise ValidationError(_("An update cannot be dated in the future."))
        return reported_on


class AssessmentForm(ProgressForm):
    """A civil-society partner's own view: same shape, without evidence links."""

    status = forms.ChoiceField(
        label=_("Your assessment of its status"), choices=MilestoneStatus.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("evidence_url", "evidence_label_en", "evidence_label_fr"):
            del self.fields[name]
        self.fields["text_en"].label = _("Your assessment (English)")
        self.fields["text_fr"].label = _("Your assessment (French)")


class LinkForm(CleanTextMixin, forms.Form):
    text_limits = {
        "response_en": (REASON_MAX_LENGTH, True),
        "response_fr": (REASON_MAX_LENGTH, True),
    }
    contribution = forms.IntegerField(
        label=_("Contribution number"), min_value=1, help_text=_("As shown on the contribution.")
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=LinkRelation.choices)
    response_en = forms.CharField(
        label=_("How it was used (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    response_fr = forms.CharField(
        label=_("How it was used (French)"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process

    def clean_contribution(self):
        number = self.cleaned_data["contribution"]
        contribution = Contribution.objects.filter(pk=number, process=self.process).first()
        if contribution is None:
            raise ValidationError(_("No contribution with this number in this consultation."))
        return contribution
