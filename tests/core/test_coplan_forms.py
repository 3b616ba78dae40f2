"""The error summary of every form (GC Design System pattern): field errors linked to their
field, errors outside any field as text, no summary without errors."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.utils import translation

from tests.core.helpers import parse


def test_summary_lists_field_errors_with_links_and_form_wide_errors_as_text():
    """The summary joins a label to its message without the label's closing punctuation, links
    radio groups to their first option, and shows errors outside any field as plain text."""
    from django import forms

    class Consent(forms.Form):
        agree = forms.BooleanField(label="I agree that my contribution may be published.")
        answer = forms.ChoiceField(
            label="Was this page useful?", choices=[("y", "Yes")], widget=forms.RadioSelect
        )

        def clean(self):
            raise forms.ValidationError("Something is wrong with the whole form.")

    form = Consent(data={})
    form.is_valid()
    template = Template('{% include "includes/form_errors.html" %}')
    with translation.override("fr"):
        html = template.render(Context({"form": form, "errors": ["Pas encore publiable."]}))
    page = parse("/fr/", html)
    assert page.summaries and page.summaries[0]["links"] == ["#id_agree", "#id_answer_0"]
    items = page.summaries[0]["items"]
    assert "I agree that my contribution may be published\xa0: Ce champ est obligatoire." in items
    assert "Something is wrong with the whole form." in items
    assert "Pas encore publiable." in items
    assert not any(re.search(r"[.?!]\s?\xa0?:", item) for item in items)


def test_no_summary_without_errors():
    """An include that passes no `errors` (an undefined variable is "") shows no summary: a page
    without errors never gets a phantom "Please correct 1 error" nor an "Error:" title."""
    from django.template import Context, Template

    html = Template('{% include "includes/form_errors.html" %}').render(Context({}))
    assert "data-error-summary" not in html
    html = Template('{% include "includes/form_errors.html" with errors="Too late." %}').render(
        Context({})
    )
    assert "data-error-summary" in html and "Too late." in html


def test_the_items_of_a_standalone_summary_have_no_links_and_hidden_fields_no_anchor():
    from django import forms

    from coplan.core.templatetags.coplan_forms import error_summary_items

    class Hidden(forms.Form):
        token = forms.CharField(widget=forms.HiddenInput)
        name = forms.CharField(label="Name:")

    form = Hidden(data={})
    form.is_valid()
    items = error_summary_items(form, errors=["", "  ", "Later."])
    assert [(i["anchor"], i["label"]) for i in items] == [
        ("", "Token"),
        ("id_name", "Name"),
        ("", ""),
    ]
    assert items[-1]["message"] == "Later."
    standalone = error_summary_items(form, standalone=True)
    assert [i["anchor"] for i in standalone] == ["", ""]
    assert error_summary_items() == [] and error_summary_items(errors="Too late.")[0][
        "message"
    ] == ("Too late.")
