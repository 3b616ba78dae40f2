"""What the back office's forms share: date widgets, bilingual labels, the process's
opportunities offered in cycle order, and forms posted together."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coplan.processes.models import Opportunity, Process

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

IN_ENGLISH = _("%(label)s in English")
IN_FRENCH = _("%(label)s in French")


def process_opportunities(
    field: forms.ModelChoiceField, process: Process, **filters: object
) -> None:
    """Offer the process's opportunities (those matching `filters`) in cycle order, one
    required."""
    field.queryset = Opportunity.objects.filter(phase__process=process, **filters).order_by(
        "phase__position", "position", "pk"
    )
    field.empty_label = None


class FormGroup:
    """Forms posted together, seen as one by the error summary (includes/form_errors.html)."""

    def __init__(self, *forms: forms.BaseForm) -> None:
        self.forms = forms

    @property
    def errors(self) -> bool:
        return any(form.errors for form in self.forms)

    def non_field_errors(self) -> list[str]:
        return [error for form in self.forms for error in form.non_field_errors()]

    def __iter__(self):
        for form in self.forms:
            yield from form


class BilingualModelForm(forms.ModelForm):
    """A model form whose `required_pairs` need both the English and the French text."""

    required_pairs: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.required_pairs:
            for language in ("en", "fr"):
                self.fields[f"{name}_{language}"].required = True
        for name, field in self.fields.items():
            if name.endswith(("_en", "_fr")):
                label = capfirst(self._meta.model._meta.get_field(name[:-3]).verbose_name)
                template = IN_ENGLISH if name.endswith("_en") else IN_FRENCH
                field.label = template % {"label": label}

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(English, French) bound fields of each bilingual text, for side-by-side display."""
        names = [name[:-3] for name in self.fields if name.endswith("_en")]
        return [(self[f"{name}_en"], self[f"{name}_fr"]) for name in names]

    def single_fields(self) -> list[forms.BoundField]:
        """The fields that are not one language of a bilingual text."""
        return [self[name] for name in self.fields if not name.endswith(("_en", "_fr"))]
