"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

from coplan.events import services


def register(event, n, language="en", **kwargs):
    return services.registration_create(
        event=event,
        name=f"Person {n}",
        email=f"person{n}@example.org",
        language=language,
        **kwargs,
    )
