"""Announcing: an event recorded once (its key) and queued for everyone following it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import translation

from .models import Announcement, AnnouncementKind

if TYPE_CHECKING:
    from coplan.processes.models import Process


def _localized(value: object, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or value.get("en") or "")
    return str(value or "")


def announcement_create(
    *,
    kind: str,
    process: Process | None = None,
    obj: models.Model | None = None,
    title: Mapping[str, Any] | str | None = None,
    body: Mapping[str, Any] | str | None = None,
    url: str = "",
    key: str | None = None,
) -> Announcement:
    """Record an event once (its key) and queue it for everyone following it.

    `title` and `body` are {"en": ..., "fr": ...}; without a title, the object's bilingual title
    is used. `url` is a path of the site (any language; each reader gets their own).
    """
    if kind not in AnnouncementKind.values:
        raise ValueError(f"Unknown announcement kind {kind!r}")
    if key is None:
        if obj is None:
            raise ValueError("An announcement without an object needs a key.")
        key = f"{kind}:{obj._meta.label_lower}:{obj.pk}"
    values: dict[str, Any] = {"kind": kind, "process": process, **_about(obj, url)}
    title = _object_title(obj) if title is None and obj is not None else title
    for language in ("en", "fr"):
        values[f"title_{language}"] = _localized(title, language)[:250]
        values[f"body_{language}"] = _localized(body, language)
    with transaction.atomic():
        announcement, created = Announcement.objects.get_or_create(key=key[:200], defaults=values)
        if created:
            pk = announcement.pk
            transaction.on_commit(lambda: _enqueue_fanout(pk))
    return announcement


def _object_title(obj: models.Model) -> dict[str, str]:
    return {
        lang: getattr(obj, f"title_{lang}", None) or getattr(obj, f"name_{lang}", None) or str(obj)
        for lang in ("en", "fr")
    }


def _about(obj: models.Model | None, url: str) -> dict[str, Any]:
    """The announcement's object and address (by default the object's own page)."""
    if obj is None:
        return {"url": url[:500]}
    if url == "" and hasattr(obj, "get_absolute_url"):
        with translation.override("en"):
            url = obj.get_absolute_url()
    return {
        "url": url[:500],
        "target_type": ContentType.objects.get_for_model(obj),
        "target_id": obj.pk,
    }


def _enqueue_fanout(pk: int) -> None:
    from .tasks import announcement_fanout

    announcement_fanout.enqueue(pk)
