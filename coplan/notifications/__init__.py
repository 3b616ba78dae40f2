"""Subscriptions and emails. Other apps announce their events with `announce(...)`:

    from coplan.notifications import announce
    announce("report_published", process=report.process, obj=report,
             title={"en": report.title_en, "fr": report.title_fr},
             url=report.get_absolute_url())

Everyone following that kind of news for the process (or following `obj` itself, e.g. a
commitment) gets it by email, in their language, once.
"""


def announce(kind, process=None, obj=None, **kwargs):
    """Record an announcement (idempotent per event key) and queue it for its subscribers."""
    from .services import announcement_create

    return announcement_create(kind=kind, process=process, obj=obj, **kwargs)


def register_followable(model, **kwargs) -> None:
    """Let people follow objects of `model` (e.g. a commitment's progress updates)."""
    from .followables import register_followable as register

    register(model, **kwargs)
