"""Analysis pages, one module per part of the analyst's work: coding the queue, the codebook,
discovering campaigns and topics, and the What We Heard reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest


def say_errors(request: HttpRequest, error: ValidationError) -> None:
    """A service's refusal, said on the page the analyst is sent back to."""
    for message in error.messages:
        messages.error(request, message)


def say_form_errors(request: HttpRequest, form: BaseForm) -> None:
    """A small form's errors, said on the page the analyst is sent back to."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
