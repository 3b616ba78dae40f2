"""Listeners told of moderation decisions, without the moderation app knowing about them.

The moderation app sits beside the apps whose contributions it decides on (events, surveys,
commitments) and imports none of them. An app that must act when a contribution of one kind is
published, rejected or hidden (the events app emails the person who proposed a session and
shows the session once approved) registers a listener here in its `wiring.py`; the
moderation service calls `decided` once the decision is committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)

# Receives the ids of the contributions of its kind that a decision moved, and their new state.
Listener = Callable[[Sequence[int], str], None]
_listeners: dict[str, dict[str, Listener]] = {}


def register_decision_listener(kind: str, name: str, listener: Listener) -> None:
    """Call `listener(ids, new_state)` after each committed decision on contributions of `kind`
    (registering again under the same name replaces the listener)."""
    _listeners.setdefault(kind, {})[name] = listener


def decided(*, ids_by_kind: dict[str, list[int]], new_state: str) -> None:
    """Tell each kind's listeners what was decided; called after the decision is committed.

    A failing listener is logged and the others still run: the decision itself stands.
    """
    for kind, ids in ids_by_kind.items():
        for name, listener in list(_listeners.get(kind, {}).items()):
            if not ids:
                continue
            try:
                listener(ids, new_state)
            except Exception:
                logger.exception("Decision listener %s failed", name)
