"""The personal-information registry: every model holding personal data declares it here.

Apps above privacy register in their wiring.py; the privacy app never imports them.
The accounts app, below privacy, has its data declared by privacy (privacy.accounts_data).
For each model the registry knows which fields are personal, how to find a person's records
(by account or by email address), from which date its retention period runs, and what
de-identification writes in place of each personal field. Access requests, retention and the
completeness test read this registry.

Registering (in your app's wiring.py, read by core.apps.wire_apps):

    registry.register(PersonalData(
        model=Registration,
        fields=("name", "email", "phone"),
        purpose=_("registering people for an in-person session"),  # gettext_lazy: shown
                                                                     # to people in their language
        subject_user="user_id",                       # path to the person's account pk
        subject_email="email",                        # path to their email address
        retention_anchor="session__process__completed_on",  # the activity's completion date
        deidentify={"name": "", "email": "", "phone": ""},
        export_fields=("session__title", "registered_at"),  # shown in access requests too
    ))

Fields whose names look personal but hold no personal information are exempted with a reason:
`registry.exempt(Model, ["name"], reason="...")`, or a whole model with `registry.exempt_model`.
Bilingual staff-written fields (django-modeltranslation: `name`, `name_en`, `name_fr` of an
Organisation or a Phase) are content, not a person: they are exempt by rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from modeltranslation.translator import NotRegistered, translator

# Keyed hashes of client addresses (rate limiting, abuse) are erased after this many days.
CLIENT_HASH_RETENTION_DAYS = 30


def subject_condition(
    subject_user: str | None,
    subject_email: str | tuple[str, ...] | None,
    user_pk: int | None,
    email: str | None,
) -> Q | None:
    """The records of one person: by account, by email address, or either; None if neither.

    `subject_email` may name several paths (an address given in the record itself, or the
    account's): a record matching any of them is the person's.
    """
    condition = Q()
    matched = False
    if user_pk is not None and subject_user:
        condition |= Q(**{subject_user: user_pk})
        matched = True
    if email and subject_email:
        paths = (subject_email,) if isinstance(subject_email, str) else subject_email
        for path in paths:
            condition |= Q(**{f"{path}__iexact": email})
        matched = True
    return condition if matched else None


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    fields: tuple[str, ...]
    # Why we hold it, shown on the person's access page: give a gettext_lazy string so they read
    # it in their language (a plain str shows as written).
    purpose: str
    # Lookup paths (from this model) to the person's account pk and to their email address.
    subject_user: str | None = None
    subject_email: str | tuple[str, ...] | None = None
    # Lookup path to the date the activity ended; None means it never expires by itself.
    # When the model holding that date defines `retention_clock()` (a Process does: it yields
    # (pk, day the activity ended or None, months) from the end of its last phase or the day
    # staff closed it), that clock is used, so nobody has to remember to set the date. Else,
    # when it has a `retention_months` field, that is the period; otherwise 18 months.
    retention_anchor: str | None = None
    # What each personal field becomes on de-identification: a value, a "{pk}" template,
    # a query expression, or a callable taking the instance (slow: row by row). A personal field
    # left out becomes NULL when nullable, else the empty string.
    deidentify: dict[str, object] = field(default_factory=dict)
    # More lookup paths shown to the person in an access request (what they wrote, where).
    export_fields: tuple[str, ...] = ()
    # Fields holding keyed hashes of a client address, erased CLIENT_HASH_RETENTION_DAYS after
    # the date at `client_hash_anchor` (a date or datetime field of this model).
    client_hash_fields: tuple[str, ...] = ()
    client_hash_anchor: str | None = None
    # Records waiting for their address to be confirmed (a support, a questionnaire answer under
    # the "confirmed email" rule): `unconfirmed` is (the field empty until confirmation, the
    # date field the request was made on, days). The retention job deletes the records still
    # unconfirmed that many days after their request: they never counted, and their address
    # has no other use.
    unconfirmed: tuple[str, str, int] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label

    def subject_filter(self, *, user_pk: int | None = None, email: str | None = None) -> Q | None:
        return subject_condition(self.subject_user, self.subject_email, user_pk, email)


@dataclass(frozen=True)
class Exemption:
    model: type[models.Model] | None
    fields: tuple[str, ...]
    reason: str
    # Whole-model exemptions cover every field, present and future.
    whole_model: bool = False


@dataclass(frozen=True)
class Withdrawable:
    """Something a person may withdraw themselves while it is not published (a contribution).

    The state change is a conditional update honouring `transitions` (the owning app's dict of
    allowed state changes), unless the owning app provides its own `withdraw` function, called
    as `withdraw(obj=..., )` and expected to raise ValidationError when refused.
    """

    model: type[models.Model]
    state_field: str
    withdrawn_state: str
    transitions: dict[str, frozenset[str]]
    subject_user: str | None = None
    subject_email: str | None = None
    describe: Callable[[models.Model], str] = str
    withdraw: Callable[..., object] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def withdrawable_states(self) -> list[str]:
        return sorted(
            str(state)
            for state, targets in self.transitions.items()
            if self.withdrawn_state in targets
        )

    def subject_filter(self, *, user_pk: int | None = None, email: str | None = None) -> Q | None:
        return subject_condition(self.subject_user, self.subject_email, user_pk, email)


class Registry:
    def __init__(self) -> None:
        self._entries: dict[str, PersonalData] = {}
        self._exemptions: dict[str, list[Exemption]] = {}
        self._withdrawables: dict[str, Withdrawable] = {}

    def register(self, entry: PersonalData) -> None:
        self._entries[entry.label] = entry

    def exempt(
        self, model: type[models.Model] | str, fields: Iterable[str], *, reason: str
    ) -> None:
        """Declare fields whose names look personal but hold none (e.g. an office's email).

        `model` may be a class or an "app_label.ModelName" label (for models of third-party
        apps, or models that might not be installed).
        """
        label = model if isinstance(model, str) else model._meta.label
        self._exemptions.setdefault(label, []).append(
            Exemption(
                model=None if isinstance(model, str) else model,
                fields=tuple(fields),
                reason=reason,
            )
        )

    def exempt_model(self, model: type[models.Model] | str, *, reason: str) -> None:
        """Declare that a whole model holds no personal information (a job name, a device)."""
        label = model if isinstance(model, str) else model._meta.label
        self._exemptions.setdefault(label, []).append(
            Exemption(
                model=None if isinstance(model, str) else model,
                fields=(),
                reason=reason,
                whole_model=True,
            )
        )

    def register_withdrawable(self, entry: Withdrawable) -> None:
        self._withdrawables[entry.label] = entry

    def withdrawables(self) -> list[Withdrawable]:
        return sorted(self._withdrawables.values(), key=lambda entry: entry.label)

    def entries(self) -> list[PersonalData]:
        return sorted(self._entries.values(), key=lambda entry: entry.label)

    def get(self, model: type[models.Model]) -> PersonalData | None:
        return self._entries.get(model._meta.label)

    def exemptions(self, model: type[models.Model]) -> list[Exemption]:
        return list(self._exemptions.get(model._meta.label, []))

    def is_model_exempt(self, model: type[models.Model]) -> bool:
        return any(e.whole_model for e in self._exemptions.get(model._meta.label, []))

    def covered_fields(self, model: type[models.Model]) -> set[str]:
        covered: set[str] = set()
        entry = self._entries.get(model._meta.label)
        if entry:
            covered.update(entry.fields)
            covered.update(entry.client_hash_fields)
        for exemption in self._exemptions.get(model._meta.label, []):
            covered.update(exemption.fields)
        covered.update(translated_content_fields(model))
        return covered

    def uncovered_fields(self, model: type[models.Model]) -> list[str]:
        """Fields of `model` that look personal and that nobody has registered or exempted."""
        if self.is_model_exempt(model):
            return []
        covered = self.covered_fields(model)
        return [
            f.name
            for f in model._meta.concrete_fields
            if looks_personal(f.name) and f.name not in covered
        ]


# Fields that can hold what a person typed or sent: each must be registered, exempt or content.
TEXT_FIELD_TYPES: tuple[type[models.Field], ...] = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.FileField,
    models.GenericIPAddressField,
    models.BinaryField,
)


def uncovered_text_fields(reg: Registry, model: type[models.Model]) -> list[str]:
    """Text-like fields of `model` neither registered, exempt, bilingual content, a code (a
    field with choices), a slug nor a primary key: each may hold personal information unseen."""
    if reg.is_model_exempt(model):
        return []
    covered = reg.covered_fields(model)
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_FIELD_TYPES)
        and f.name not in covered
        and not f.choices
        and not isinstance(f, models.SlugField)
        and not f.primary_key
    ]


def translated_content_fields(model: type[models.Model]) -> set[str]:
    """Bilingual fields (modeltranslation) of a model: staff-written content, never a person.

    The rule: a field translated into both languages is text written by the team for the public
    (an organisation's or a phase's name); people's names are never translated.
    """
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return set()
    names: set[str] = set()
    for base, localized in options.all_fields.items():
        names.add(base)
        names.update(f.name for f in localized)
    return names


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
    "mobile",
    "birth",
)
# Whole words that hide a hint inside them (field names written without underscores).
PERSONAL_COMPOUND_WORDS: tuple[str, ...] = (
    "username",
    "fullname",
    "firstname",
    "lastname",
    "surname",
    "ipaddress",
    "emailaddress",
    "phonenumber",
    "postalcode",
    "birthdate",
    "dob",
)


def looks_personal(field_name: str, hints: Callable[[], Iterable[str]] | None = None) -> bool:
    words = field_name.lower().split("_")
    if any(hint in words for hint in (hints() if hints else PERSONAL_NAME_HINTS)):
        return True
    return hints is None and any(word in PERSONAL_COMPOUND_WORDS for word in words)
