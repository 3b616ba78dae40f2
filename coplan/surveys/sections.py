"""The block the surveys app adds to the process page: its questionnaires and their results."""

from __future__ import annotations

from django.utils import timezone

from coplan.processes.models import Process

from .selectors import questionnaires_for_process


def process_questionnaires(process: Process) -> dict | None:
    """The process's questionnaires (one query), or None to hide the section."""
    questionnaires = list(questionnaires_for_process(process.pk))
    if not questionnaires:
        return None
    now = timezone.now()
    for questionnaire in questionnaires:
        questionnaire.accepting = questionnaire.is_open(now)
    return {"questionnaires": questionnaires}
