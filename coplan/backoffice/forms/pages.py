"""The back office's forms: static pages."""

from __future__ import annotations

from django import forms

from coplan.processes.models import StaticPage

from ._common import BilingualModelForm


class StaticPageForm(BilingualModelForm):
    required_pairs = ("title", "body")

    class Meta:
        model = StaticPage
        fields = ["slug", "title_en", "title_fr", "body_en", "body_fr"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 16}),
            "body_fr": forms.Textarea(attrs={"rows": 16}),
        }


# Lists staff keep: themes, dispositions, reasons, organisations; mailboxes; roles -------------
