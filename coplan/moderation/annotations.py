"""Advice other apps add to the moderation queue, without moderation knowing about them.

An app registers a function (usually in its AppConfig.ready) that receives the contributions of
one queue page and returns, for some of them, short notes to show next to each: for example the
analysis app's "likely to be rejected" with the model's score. The notes are advice only: the
queue never sorts, hides or decides anything because of them. Each function is called once per
page, so it must read what it needs in a fixed number of queries.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coplan.contributions.models import Contribution

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueAnnotation:
    """One note on one contribution: a short label and its detail, both already translated."""

    label: str
    detail: str = ""
    # "warning" draws attention (styled and announced as such); "info" is plain.
    level: str = "info"


Annotator = Callable[[Sequence[Contribution]], dict[int, QueueAnnotation]]
_annotators: dict[str, Annotator] = {}


def register_queue_annotation(name: str, annotator: Annotator) -> None:
    """Add (or replace, by name) a source of notes for the moderation queue."""
    _annotators[name] = annotator


def unregister_queue_annotation(name: str) -> None:
    _annotators.pop(name, None)


def annotate_queue(items: Sequence[Contribution]) -> dict[int, list[QueueAnnotation]]:
    """Notes per contribution id from every registered source, in registration order.

    A failing source is logged and skipped: advice must never stop moderators from working.
    """
    notes: dict[int, list[QueueAnnotation]] = {}
    if not items:
        return notes
    for name, annotator in list(_annotators.items()):
        try:
            found = annotator(items)
        except Exception:
            logger.exception("Moderation queue annotation %s failed", name)
            continue
        for pk, note in found.items():
            notes.setdefault(pk, []).append(note)
    return notes
