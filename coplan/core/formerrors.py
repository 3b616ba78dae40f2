"""Put a service's ValidationError on the form that called it, beside the fields it names."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def service_errors_to_form(
    form: forms.BaseForm, error: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Each message goes beside its field (a service's name mapped to the form's through
    `field_names`), or to the top of the form when the form has no such field."""
    names = field_names or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        field = names.get(field, field)
        form.add_error(field if field in form.fields else None, messages)
