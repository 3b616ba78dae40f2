"""One confirmation machinery for everything counted once per confirmed email address.

Under an opportunity's "confirmed email" voice rule, an idea support (contributions.voice) and an
answer to a one-answer questionnaire (surveys.voice) are stored at once but count only when the
person follows a link emailed to the address they gave. Both kinds register a `Confirmable`
here and share everything else:

- the link: signed, bound to the record, to the page it belongs to (the idea, the
  questionnaire) and to the opportunity, and to the time it was asked for (asking again
  replaces the record's request time, so an earlier link stops working); two days;
- the message: in the person's language, sent once per request even if the mail worker is
  killed and its task run again (coplan.core.mail);
- the confirmation: opening the link only shows a page with a button (mail scanners and link
  previews fetch links: a GET must change nothing); pressing it confirms, under a row lock, once;
  the kind's `count` makes the record count in the same transaction;
- the address is erased as soon as it is confirmed: a keyed hash of it, in the record's key,
  keeps it counted once. Unconfirmed records are deleted by the retention job after
  UNCONFIRMED_KEEP_DAYS (coplan.privacy: `PersonalData.unconfirmed`).

Every bad link (forged, expired, replaced, replayed, another page's, another opportunity's)
raises a ValidationError with a translated message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from coplan.privacy.services import address_key

# Long enough to read one's mail the same day, short enough that a leaked link soon dies.
CONFIRMATION_MAX_AGE = 2 * 24 * 3600
# A support or an answer never confirmed is deleted by the retention job after this many days.
UNCONFIRMED_KEEP_DAYS = 7
EMAIL_KEY_PREFIX = "email:"


@dataclass(frozen=True)
class Messages:
    """What a person reads about a bad link, in the words of their kind of record."""

    expired: str | Promise  # the link is too old: ask again
    other_page: str | Promise  # a genuine link opened on another idea's or questionnaire's page
    stale: str | Promise  # replaced by a newer request, deleted, or another opportunity's
    used: str | Promise  # already confirmed: it counts
    # Another record of the same address was confirmed meanwhile (when a kind allows several
    # waiting records per address); `used` when not given.
    duplicate: str | Promise = ""


@dataclass(frozen=True)
class Confirmable:
    """A kind of record that counts once its address is confirmed."""

    kind: str  # "support", "response": names the message, never shown
    model: type[models.Model]
    salt: str  # signing salt: a link of one kind is never valid for another
    page_field: str  # the foreign key of the page the link belongs to ("contribution_id")
    opportunity_path: str  # lookup path to the opportunity's id
    requested_field: str  # the time the link signs (replaced when the person asks again)
    url_name: str  # the confirmation page, reversed with pk (the page's) and token
    email_template: str  # "<app>/email/<name>": its "_subject.txt" and ".txt"
    email_context: Callable[[models.Model], dict]
    ensure_open: Callable[[models.Model], None]  # ValidationError: it may no longer count
    count: Callable[[models.Model], None]  # makes it count (in the confirming transaction)
    messages: Messages
    # Erased on confirmation besides the address (a support's language was only the link's).
    clear_on_confirm: tuple[str, ...] = ()


_kinds: dict[str, Confirmable] = {}


def register(confirmable: Confirmable) -> None:
    _kinds[confirmable.kind] = confirmable


def confirmable(kind: str) -> Confirmable:
    return _kinds[kind]


def normalised_address(email: str) -> tuple[str, str]:
    """(the address as stored, the key that counts it once); ValidationError when not valid."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": [_("Enter a valid email address.")]}, code="invalid"
        ) from None
    return email, EMAIL_KEY_PREFIX + address_key(email)


def _requested(spec: Confirmable, obj: models.Model) -> float:
    return getattr(obj, spec.requested_field).timestamp()


def _opportunity_id(spec: Confirmable, obj: models.Model) -> int | None:
    target = obj
    for part in spec.opportunity_path.split("__"):
        target = getattr(target, part)
    return target


def token(kind: str, obj: models.Model) -> str:
    """Signed: the record, its page, its opportunity and the request's time (single use)."""
    spec = _kinds[kind]
    return signing.TimestampSigner(salt=spec.salt).sign_object(
        [obj.pk, getattr(obj, spec.page_field), _opportunity_id(spec, obj), _requested(spec, obj)]
    )


def request_send(kind: str, obj: models.Model) -> None:
    """Queue the confirmation message once the record is committed (the id travels)."""
    from .tasks import address_confirmation_send

    pk = obj.pk
    transaction.on_commit(lambda: address_confirmation_send.enqueue(kind, pk))


def send(kind: str, pk: int) -> bool:
    """Email the link of one waiting record in its language; False when there is none to send
    (confirmed meanwhile, deleted) or this very request's message was sent already."""
    from coplan.core.mail import send_once

    spec = _kinds[kind]
    obj = spec.model._default_manager.filter(pk=pk, confirmed_at__isnull=True).exclude(email="")
    obj = obj.first()
    if obj is None:
        return False
    language = getattr(obj, "language", "") or settings.LANGUAGE_CODE

    def build() -> EmailMessage:
        with translation.override(language):
            path = reverse(
                spec.url_name,
                kwargs={"pk": getattr(obj, spec.page_field), "token": token(kind, obj)},
            )
            context = {
                **spec.email_context(obj),
                "confirm_url": settings.COPLAN_SITE_URL.rstrip("/") + path,
                "site_name": settings.COPLAN_SITE_NAME,
            }
            subject = " ".join(
                render_to_string(f"{spec.email_template}_subject.txt", context).split()
            )
            body = render_to_string(f"{spec.email_template}.txt", context)
        return EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[obj.email],
            headers={"Auto-Submitted": "auto-generated"},
        )

    # One message per request: asking again (a new request time) is a new message.
    return send_once(f"{kind}-confirm:{pk}:{_requested(spec, obj)}", build)


def _unsign(spec: Confirmable, page_pk: int, value: str) -> tuple[int, int, float]:
    signer = signing.TimestampSigner(salt=spec.salt)
    try:
        pk, page, opportunity, requested = signer.unsign_object(value, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(spec.messages.expired, code="expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("This confirmation link is not valid."), code="invalid") from None
    if page != page_pk:
        raise ValidationError(spec.messages.other_page, code="mismatch")
    return pk, opportunity, requested


def check(kind: str, *, page_pk: int, token: str, lock: bool = False) -> models.Model:
    """The waiting record a link names, or ValidationError; changes nothing.

    With `lock`, the record's row is locked until the transaction ends (call inside one).
    """
    spec = _kinds[kind]
    pk, opportunity, requested = _unsign(spec, page_pk, token)
    queryset = spec.model._default_manager.filter(pk=pk, **{spec.page_field: page_pk})
    if lock:
        # Only the record's row: the page and the opportunity are read, not locked.
        queryset = queryset.select_for_update(of=("self",))
    obj = queryset.select_related(spec.opportunity_path.removesuffix("_id")).first()
    if (
        obj is None
        or _opportunity_id(spec, obj) != opportunity
        or _requested(spec, obj) != requested
    ):
        raise ValidationError(spec.messages.stale, code="invalid")
    if obj.confirmed_at is not None:
        raise ValidationError(spec.messages.used, code="used")
    return obj


def confirm(kind: str, *, page_pk: int, token: str) -> models.Model:
    """Make the record a link names count, once; any bad link changes nothing."""
    spec = _kinds[kind]
    try:
        with transaction.atomic():
            obj = check(kind, page_pk=page_pk, token=token, lock=True)
            spec.ensure_open(obj)
            obj.confirmed_at = timezone.now()
            obj.email = ""  # counted once by its keyed hash: the address is no longer needed
            for name in spec.clear_on_confirm:
                setattr(obj, name, "")
            obj.save(update_fields=["confirmed_at", "email", *spec.clear_on_confirm])
            spec.count(obj)
    except IntegrityError:
        # Two records of one address confirmed at the same moment: the kind's unique
        # constraint let one through; this one changed nothing.
        raise ValidationError(
            spec.messages.duplicate or spec.messages.used, code="duplicate"
        ) from None
    return obj
