"""“Email me when my contribution receives a response”: asked for at submission, sent by the
notifications app.

This app sits below notifications (docs/architecture.md) and never imports it: the
notifications app registers the one handler in its `wiring.py`. The handler records the request
in the same transaction as the contribution (a failure stores neither) and sends the usual
confirmation first: nothing else goes to an address its owner has not confirmed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from .models import Contribution

# handler(contribution=..., email=..., language=..., user=...) -> None
FollowupHandler = Callable[..., None]

_handler: list[FollowupHandler] = []


def register_followup(handler: FollowupHandler) -> None:
    """Called once by the notifications app."""
    _handler[:] = [handler]


def followup_request(*, contribution: Contribution, email: str, language: str, user=None) -> None:
    """Ask to be told by email when this contribution receives a response or is used."""
    if not _handler:
        raise ImproperlyConfigured("No app sends contribution follow-ups (notifications).")
    _handler[0](contribution=contribution, email=email, language=language, user=user)
