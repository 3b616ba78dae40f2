"""The parts of the idea pages that are one visitor's alone, filled into cached pages
(`coplan.core.pagecache.page_cache`): their ideas waiting for moderation, and whether they
already support an idea."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from coplan.core.pagecache import CSRF_PLACEHOLDER

from . import selectors
from .models import Kind, ModerationState
from .visitor import existing_visitor_key, own_ids


def own_pending_ideas(request: HttpRequest, argument: str) -> str:
    """The visitor's ideas on this call still waiting for moderation (argument: its pk)."""
    remembered = own_ids(request)
    if not remembered and not request.user.is_authenticated:
        return ""  # a stranger sent nothing: no query
    items = list(
        selectors.own_contributions(user=request.user, own_ids=remembered).filter(
            kind=Kind.IDEA,
            opportunity_id=int(argument),
            moderation_state=ModerationState.PENDING,
        )[:10]
    )
    if not items:
        return ""
    return render_to_string("contributions/includes/own_pending.html", {"own_pending": items})


def idea_support(request: HttpRequest, argument: str) -> str:
    """The support button (with an address field or a sign-in link, under the opportunity's
    voice rule), or "you support this idea" (argument: "<idea pk>:<accepting 0|1>:<rule>")."""
    pk_text, accepting_text, voice_rule = [*argument.split(":"), "open"][:3]
    pk, accepting = int(pk_text), int(accepting_text)
    key = existing_visitor_key(request)
    supported = bool(key) and bool(selectors.supported_ids([_Idea(pk)], key))
    return render_to_string(
        "contributions/includes/idea_support.html",
        {
            "idea_pk": pk,
            "supported": supported,
            "accepting": bool(accepting),
            "voice_rule": voice_rule,
            "signed_in": request.user.is_authenticated,
            "csrf_token": CSRF_PLACEHOLDER,
        },
    )


class _Idea:
    """Just enough of an idea for `selectors.supported_ids` (its pk)."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
