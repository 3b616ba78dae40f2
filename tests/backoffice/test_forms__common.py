"""What the back office's forms share: bilingual labels and required pairs, forms posted
together, and a process's opportunities offered in cycle order."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from coplan.backoffice.forms import FormGroup
from coplan.backoffice.forms._common import process_opportunities
from coplan.backoffice.forms.lists import DispositionForm, ThemeForm
from coplan.processes.models import Opportunity
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_each_language_of_a_text_is_labelled_in_both_languages():
    assert ThemeForm().fields["label_en"].label == "Label in English"
    assert ThemeForm().fields["label_fr"].label == "Label in French"
    with translation.override("fr"):
        form = ThemeForm()
        assert str(form.fields["label_en"].label) == "Libellé en anglais"
        assert str(form.fields["label_fr"].label) == "Libellé en français"


def test_a_required_pair_needs_the_french_as_much_as_the_english():
    form = ThemeForm(data={"slug": "open-data", "label_en": "Open data", "label_fr": ""})
    assert not form.is_valid()
    assert list(form.errors) == ["label_fr"]
    assert ThemeForm(data={"slug": "x", "label_en": "X", "label_fr": "X"}).is_valid()


def test_a_text_outside_the_required_pairs_stays_optional():
    form = DispositionForm()
    assert form.fields["name_fr"].required
    assert not form.fields["description_fr"].required


def test_pairs_side_by_side_and_single_fields_apart():
    form = DispositionForm()
    pairs = [(english.name, french.name) for english, french in form.pairs()]
    assert pairs == [("name_en", "name_fr"), ("description_en", "description_fr")]
    singles = [field.name for field in form.single_fields()]
    assert singles == ["code", "position", "counts_as_response"]


class _Note(forms.Form):
    text = forms.CharField()

    def clean(self):
        if self.cleaned_data.get("text") == "no":
            raise forms.ValidationError("Not that.")
        return self.cleaned_data


def test_a_form_group_has_errors_when_any_of_its_forms_has():
    good, bad = _Note(data={"text": "yes"}), _Note(data={"text": "no"})
    assert not FormGroup(good, _Note(data={"text": "fine"})).errors
    group = FormGroup(good, bad)
    assert group.errors
    assert group.non_field_errors() == ["Not that."]
    assert [field.name for field in group] == ["text", "text"]


def test_the_process_s_opportunities_in_cycle_order_one_required():
    process, other = ProcessFactory(), ProcessFactory()
    later = OpportunityFactory(phase=process.phases.get(kind="review"), slug="later")
    second = OpportunityFactory(
        phase=process.phases.get(kind="development"), slug="second", position=2
    )
    first = OpportunityFactory(
        phase=process.phases.get(kind="development"), slug="first", position=1
    )
    sessions = OpportunityFactory(
        phase=process.phases.get(kind="planning"), slug="talks", kind=Opportunity.Kind.SESSIONS
    )
    OpportunityFactory(phase=other.phases.get(kind="planning"), slug="elsewhere")
    field = forms.ModelChoiceField(queryset=Opportunity.objects.none())
    process_opportunities(field, process)
    assert list(field.queryset) == [sessions, first, second, later]
    assert field.empty_label is None
    process_opportunities(field, process, kind=Opportunity.Kind.SESSIONS)
    assert list(field.queryset) == [sessions]
