"""Where each kind of opportunity is taken part in: apps register a page per opportunity kind.

The processes app knows no app above it. The contributions app registers "ideas", the surveys
app "questionnaire", the events app "sessions", and so on, in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Opportunity

_handlers: dict[str, Callable[[Opportunity], str]] = {}


def register_participation(kind: str, url_for: Callable[[Opportunity], str]) -> None:
    """Declare the page (its URL, given the opportunity) where an opportunity kind happens."""
    _handlers[kind] = url_for


def participation_url(opportunity: Opportunity) -> str | None:
    handler = _handlers.get(opportunity.kind)
    return handler(opportunity) if handler else None
