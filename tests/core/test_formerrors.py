"""A service's ValidationError put on the form that called it: beside the fields it names, at
the top of the form for anything else."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from coplan.core.formerrors import service_errors_to_form


class NameForm(forms.Form):
    name_en = forms.CharField()
    name_fr = forms.CharField()


def bound() -> NameForm:
    form = NameForm({"name_en": "Open data", "name_fr": "Données ouvertes"})
    assert form.is_valid()
    return form


def test_a_message_for_a_field_goes_beside_that_field():
    form = bound()
    service_errors_to_form(form, ValidationError({"name_fr": "Le nom est déjà pris."}))
    assert form.errors == {"name_fr": ["Le nom est déjà pris."]}
    assert not form.is_valid()


def test_a_service_name_is_mapped_to_the_forms_field():
    form = bound()
    error = ValidationError({"title_en": "Too long."})
    service_errors_to_form(form, error, field_names={"title_en": "name_en"})
    assert form.errors == {"name_en": ["Too long."]}


def test_a_field_the_form_does_not_have_goes_to_the_top():
    form = bound()
    service_errors_to_form(form, ValidationError({"parent": "Two levels only."}))
    assert form.non_field_errors() == ["Two levels only."]
    assert "parent" not in form.errors


def test_a_message_without_a_field_goes_to_the_top_every_one_of_them():
    form = bound()
    service_errors_to_form(form, ValidationError(["First problem.", "Second problem."]))
    assert form.non_field_errors() == ["First problem.", "Second problem."]
    assert list(form.errors) == ["__all__"]
