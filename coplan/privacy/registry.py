"""The personal-information registry: every model holding personal data declares it here.

Apps register in their AppConfig.ready(); the privacy app never imports them. For each model the
registry knows which fields are personal, how to find a person's records (by account or by email
address), from which date its retention period runs, and what de-identification writes in place
of each personal field. Access requests, retention and the completeness test read this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    fields: tuple[str, ...]
    purpose: str
    # Lookup paths (from this model) to the person's account pk and to their email address.
    subject_user: str | None = None
    subject_email: str | None = None
    # Lookup path to the date the activity ended; None means it never expires by itself.
    retention_anchor: str | None = None
    # What each personal field becomes on de-identification: a value, a "{pk}" template,
    # or a callable taking the instance.
    deidentify: dict[str, object] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label

    def subject_filter(self, *, user_pk: int | None = None, email: str | None = None) -> Q | None:
        condition = Q()
        matched = False
        if user_pk is not None and self.subject_user:
            condition |= Q(**{self.subject_user: user_pk})
            matched = True
        if email and self.subject_email:
            condition |= Q(**{f"{self.subject_email}__iexact": email})
            matched = True
        return condition if matched else None


@dataclass(frozen=True)
class Exemption:
    model: type[models.Model]
    fields: tuple[str, ...]
    reason: str


class Registry:
    def __init__(self) -> None:
        self._entries: dict[str, PersonalData] = {}
        self._exemptions: dict[str, list[Exemption]] = {}

    def register(self, entry: PersonalData) -> None:
        self._entries[entry.label] = entry

    def exempt(self, model: type[models.Model], fields: Iterable[str], *, reason: str) -> None:
        """Declare fields whose names look personal but hold none (e.g. an office's email)."""
        self._exemptions.setdefault(model._meta.label, []).append(
            Exemption(model=model, fields=tuple(fields), reason=reason)
        )

    def entries(self) -> list[PersonalData]:
        return sorted(self._entries.values(), key=lambda entry: entry.label)

    def get(self, model: type[models.Model]) -> PersonalData | None:
        return self._entries.get(model._meta.label)

    def covered_fields(self, model: type[models.Model]) -> set[str]:
        covered: set[str] = set()
        entry = self._entries.get(model._meta.label)
        if entry:
            covered.update(entry.fields)
        for exemption in self._exemptions.get(model._meta.label, []):
            covered.update(exemption.fields)
        return covered


registry = Registry()

# Field names that look personal; the completeness test checks each is registered or exempt.
PERSONAL_NAME_HINTS: tuple[str, ...] = (
    "name",
    "email",
    "phone",
    "handle",
    "ip",
    "address",
    "postal",
    "telephone",
)


def looks_personal(field_name: str, hints: Callable[[], Iterable[str]] | None = None) -> bool:
    words = field_name.lower().split("_")
    return any(hint in words for hint in (hints() if hints else PERSONAL_NAME_HINTS))
