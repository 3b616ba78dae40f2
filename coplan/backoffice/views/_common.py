"""What the back office's pages share: the loaders of the objects their URLs name (a process by
its slug). Their one form-page shape is `coplan.core.formpage.form_page`."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from coplan.processes.models import Process


def process_by_slug(slug: str) -> Process:
    return get_object_or_404(Process, slug=slug)
