"""What became of a contribution: the loop closed for its author and every reader.

The facts live in apps above this one (analysis: disposition, reasoned response, theme;
commitments: the commitment it inspired; plans: the plan change that cites it), which this app
never imports (docs/architecture.md). Each of them registers an `OutcomeSource` in its
`wiring.py`; `outcomes_for` asks every source once for a whole list of contributions,
so a page showing one contribution or a hundred runs the same number of queries (one or two per
source, never per contribution).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language


@dataclass
class OutcomeLink:
    """Something a contribution led to: a commitment, a plan paragraph, a report theme."""

    label: str  # what it is, translated: “Commitment”, “Plan paragraph”, “Theme in What We Heard”
    title: str  # its name in the reader's language
    url: str
    response: str = ""  # why, in the reader's language when written in it


@dataclass
class Outcome:
    """The outcome of one contribution; empty until the team responds."""

    disposition: str = ""
    disposition_code: str = ""
    response: str = ""
    response_language: str = ""  # set when the response is shown in the other language
    led_to: list[OutcomeLink] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.disposition or self.response or self.led_to)


# A source fills the outcomes of the contributions it knows, for the reader's language.
OutcomeSource = Callable[[Sequence[int], dict[int, Outcome], str], None]

_sources: list[tuple[int, str, OutcomeSource]] = []


def register_outcome_source(name: str, source: OutcomeSource, *, order: int = 100) -> None:
    """Called by a higher app's wiring module: `source(contribution_ids, outcomes, language)`."""
    global _sources
    _sources = sorted(
        [entry for entry in _sources if entry[1] != name] + [(order, name, source)],
        key=lambda entry: (entry[0], entry[1]),
    )


def outcomes_for(
    contribution_ids: Sequence[int], language: str | None = None
) -> dict[int, Outcome]:
    """Each contribution's outcome (an empty `Outcome` when nothing was decided yet)."""
    language = (language or get_language() or "en")[:2]
    ids = list(dict.fromkeys(contribution_ids))
    outcomes = {pk: Outcome() for pk in ids}
    if ids:
        for _order, _name, source in _sources:
            source(ids, outcomes, language)
    return outcomes


def in_language(values: dict[str, str], language: str) -> tuple[str, str]:
    """(text, language it is in): the reader's language when written, else the other one."""
    if values.get(language):
        return values[language], ""
    for other, text in values.items():
        if text:
            return text, other
    return "", ""
