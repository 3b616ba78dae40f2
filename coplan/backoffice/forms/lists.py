"""The back office's forms: the lists staff keep (themes, dispositions, moderation reasons,
organisations)."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coplan.accounts.models import Organisation
from coplan.analysis.models import Disposition
from coplan.commitments.models import Theme
from coplan.moderation.models import ModerationReason

from ._common import BilingualModelForm


class ThemeForm(BilingualModelForm):
    required_pairs = ("label",)

    class Meta:
        model = Theme
        fields = ["slug", "label_en", "label_fr"]


class DispositionForm(BilingualModelForm):
    required_pairs = ("name",)

    class Meta:
        model = Disposition
        fields = [
            "code",
            "name_en",
            "name_fr",
            "description_en",
            "description_fr",
            "position",
            "counts_as_response",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
        }


class ModerationReasonForm(BilingualModelForm):
    required_pairs = ("title",)

    class Meta:
        model = ModerationReason
        fields = [
            "slug",
            "title_en",
            "title_fr",
            "explanation_en",
            "explanation_fr",
            "position",
            "is_active",
        ]
        widgets = {
            "explanation_en": forms.Textarea(attrs={"rows": 3}),
            "explanation_fr": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "is_active": _("A reason set aside is no longer offered; past decisions keep it."),
        }


class OrganisationForm(BilingualModelForm):
    required_pairs = ("name",)
    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        max_length=200,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = ["slug", "name_en", "name_fr", "acronym_en", "acronym_fr", "kind", "website"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Not every organisation has an acronym.
        for language in ("en", "fr"):
            self.fields[f"acronym_{language}"].required = False
