"""Input shapes of the analysis pages (no domain logic here)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coplan.contributions.models import Channel, Language
from coplan.core.text import clean_public_text

from .models import NOTE_MAX_LENGTH, RESPONSE_MAX_LENGTH, Disposition, Theme
from .search import SEARCH_MAX_LENGTH

# Each filter's "all" names its noun: French agrees with it (« Tous les thèmes », « Toutes les
# langues »).
STATE_CHOICES = [
    ("", _("All contributions")),
    ("uncoded", _("Not coded yet")),
    ("suggested", _("With suggestions")),
    ("coded", _("Coded")),
]
CAMPAIGN_CHOICES = [
    ("", _("All contributions")),
    ("yes", _("In a campaign")),
    ("no", _("Not in a campaign")),
]
SPLIT_MAX_PARTS = 6


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the text"), required=False, max_length=SEARCH_MAX_LENGTH)
    state = forms.ChoiceField(label=_("Coding"), choices=STATE_CHOICES, required=False)
    phase = forms.TypedChoiceField(label=_("Phase"), required=False, coerce=int, empty_value=None)
    opportunity = forms.TypedChoiceField(
        label=_("Opportunity"), required=False, coerce=int, empty_value=None
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    campaign = forms.ChoiceField(label=_("Campaign"), choices=CAMPAIGN_CHOICES, required=False)

    def __init__(self, *args, phases=(), opportunities=(), themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("All phases"))] + [(p.pk, p.name) for p in phases]
        self.fields["opportunity"].choices = [("", _("All opportunities"))] + [
            (o.pk, o.title) for o in opportunities
        ]
        self.fields["channel"].choices = [("", _("All channels")), *Channel.choices]
        self.fields["language"].choices = [("", _("All languages")), *Language.choices]
        self.fields["theme"].choices = [("", _("All themes"))] + [(t.pk, str(t)) for t in themes]


class CodingForm(forms.Form):
    themes = forms.TypedMultipleChoiceField(
        label=_("Themes"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    primary_theme = forms.TypedChoiceField(
        label=_("Primary theme"), required=False, coerce=int, empty_value=None
    )
    disposition = forms.ModelChoiceField(
        label=_("Disposition"),
        queryset=Disposition.objects.all(),
        required=False,
        empty_label=_("Not decided"),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seen by staff only; never published."),
    )
    response_en = forms.CharField(
        label=_("Reasoned response (English)"),
        required=False,
        max_length=RESPONSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    response_fr = forms.CharField(
        label=_("Reasoned response (French)"),
        required=False,
        max_length=RESPONSE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(t.pk, str(t)) for t in themes]
        self.fields["primary_theme"].choices = [("", _("None"))] + [(t.pk, str(t)) for t in themes]

    def _clean_text(self, name: str, limit: int) -> str:
        try:
            return clean_public_text(
                self.cleaned_data.get(name, ""), max_length=limit, required=False
            )
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean_note(self) -> str:
        return self._clean_text("note", NOTE_MAX_LENGTH)

    def clean_response_en(self) -> str:
        return self._clean_text("response_en", RESPONSE_MAX_LENGTH)

    def clean_response_fr(self) -> str:
        return self._clean_text("response_fr", RESPONSE_MAX_LENGTH)


class ThemeForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=60, help_text=_("Letters, digits and hyphens, e.g. open-data.")
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=120)
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.ModelChoiceField(
        label=_("Parent theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("None (top-level theme)"),
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        if process is not None:
            self.fields["parent"].queryset = Theme.objects.filter(
                process=process, parent__isnull=True, is_active=True
            )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Theme.objects.none())

    def __init__(self, *args, theme: Theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Theme.objects.filter(
            process_id=theme.process_id, is_active=True
        ).exclude(pk=theme.pk)


class SplitForm(forms.Form):
    parts = forms.CharField(
        label=_("New themes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One theme a line: code | English name | French name. At least two lines. "
            "Existing codings stay on the original theme until you recode them."
        ),
    )

    def clean_parts(self) -> list[dict]:
        lines = [line.strip() for line in self.cleaned_data["parts"].splitlines() if line.strip()]
        if not 2 <= len(lines) <= SPLIT_MAX_PARTS:
            raise forms.ValidationError(
                _("Write between %(low)s and %(high)s themes, one a line.")
                % {"low": 2, "high": SPLIT_MAX_PARTS}
            )
        parts = []
        for number, line in enumerate(lines, start=1):
            pieces = [p.strip() for p in line.split("|")]
            if len(pieces) != 3 or not all(pieces):
                raise forms.ValidationError(
                    _(
                        "Line %(number)s needs a code, an English name and a French name, "
                        "separated by |."
                    )
                    % {"number": number}
                )
            code = pieces[0]
            try:
                forms.SlugField().clean(code)
            except ValidationError as error:
                raise forms.ValidationError(
                    _("Line %(number)s: the code may only have letters, digits and hyphens.")
                    % {"number": number}
                ) from error
            parts.append({"code": code, "name_en": pieces[1][:120], "name_fr": pieces[2][:120]})
        return parts


class TranslationForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Into"), choices=[("en", _("English")), ("fr", _("French"))]
    )
    text = forms.CharField(label=_("Translation"), widget=forms.Textarea(attrs={"rows": 4}))


class AdoptForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=120)


class DiscoverForm(forms.Form):
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=2**31 - 1, initial=0)
    topics = forms.IntegerField(
        label=_("Number of candidate themes"), min_value=2, max_value=20, initial=8
    )


class ReportCreateForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Whole process"))] + [(p.pk, p.name) for p in phases]
