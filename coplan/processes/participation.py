"""Where each kind of opportunity is taken part in: apps register a page per opportunity kind.

The processes app knows no app above it. The contributions app registers "ideas", the surveys
app "questionnaire", the events app "sessions", and so on, in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Opportunity, Process

_handlers: dict[str, Callable[[Opportunity], str]] = {}


def register_participation(kind: str, url_for: Callable[[Opportunity], str]) -> None:
    """Declare the page (its URL, given the opportunity) where an opportunity kind happens."""
    _handlers[kind] = url_for


def participation_url(opportunity: Opportunity) -> str | None:
    handler = _handlers.get(opportunity.kind)
    return handler(opportunity) if handler else None


@dataclass(frozen=True)
class ProcessSection:
    """A block an app adds to the process page (e.g. the commitments, the plan, data sets)."""

    order: int
    template_name: str
    # Returns the template's context, or None to hide the section; a fixed number of queries.
    context: Callable[[Process], dict | None]


_sections: list[ProcessSection] = []


def register_process_section(
    *, order: int, template_name: str, context: Callable[[Process], dict | None]
) -> None:
    """Add a section to the process page, below the phases (lower order shows first)."""
    _sections.append(ProcessSection(order, template_name, context))
    _sections.sort(key=lambda section: section.order)


def process_sections(process: Process) -> list[tuple[str, dict]]:
    rendered = []
    for section in _sections:
        context = section.context(process)
        if context is not None:
            rendered.append((section.template_name, context))
    return rendered
