"""Privacy use cases: retention runs, access links, correction requests, withdrawals."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.core.ratelimit import Rate, hit

from . import retention
from .models import AccessRequest, CorrectionRequest, RetentionRun
from .registry import registry
from .selectors import Subject

logger = logging.getLogger(__name__)

# An access link works for this long after it was sent.
ACCESS_LINK_MAX_AGE = datetime.timedelta(hours=24)
ACCESS_LINK_SALT = "coplan.privacy.access-link"
# However many clients ask, one address gets at most this many access links (no mail bomb).
ACCESS_LINKS_PER_ADDRESS = Rate(3, 60 * 60)
CORRECTION_DETAILS_MAX_LENGTH = 5_000


def address_key(email: str) -> str:
    """A keyed hash of an email address: counts requests for it without storing it anywhere."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()[:32]


def retention_run(*, today: datetime.date | None = None, dry_run: bool = False) -> RetentionRun:
    """De-identify everything past its retention period and record the counts (no personal data)."""
    today = today or timezone.localdate()
    run = RetentionRun(kind=RetentionRun.Kind.RETENTION, dry_run=dry_run, run_on=today)
    outcome = retention.retention_apply(today=today, dry_run=dry_run)
    run.counts = outcome.counts
    run.accounts_deactivated = outcome.accounts_deactivated
    run.finished_at = timezone.now()
    run.save()
    logger.info(
        "retention %s: %s records, %s accounts",
        "dry run" if dry_run else "applied",
        sum(outcome.counts.values()),
        outcome.accounts_deactivated,
    )
    return run


def client_hashes_run(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> RetentionRun:
    """Erase keyed client-address hashes older than 30 days and record the counts."""
    now = now or timezone.now()
    counts = retention.client_hashes_erase(now=now, dry_run=dry_run)
    return RetentionRun.objects.create(
        kind=RetentionRun.Kind.CLIENT_HASHES,
        dry_run=dry_run,
        run_on=timezone.localdate(now),
        counts=counts,
        finished_at=timezone.now(),
    )


def sessions_clear(*, now: datetime.datetime | None = None) -> int:
    """Delete the sessions past their expiry date; return how many (logged, never their keys).

    Both engines the settings choose (coplan.core.session_db, cached_db) keep every session in
    the database table; an expired one in a cache expires there by itself.
    """
    from django.contrib.sessions.models import Session

    now = now or timezone.now()
    deleted, _detail = Session.objects.filter(expire_date__lt=now).delete()
    logger.info("sessions: %s expired deleted", deleted)
    return deleted


def access_link_token(access_request: AccessRequest) -> str:
    return signing.TimestampSigner(salt=ACCESS_LINK_SALT).sign(str(access_request.pk))


def access_request_from_token(token: str) -> AccessRequest:
    """The access request a link names; ValidationError (translated) if expired or tampered."""
    signer = signing.TimestampSigner(salt=ACCESS_LINK_SALT)
    try:
        pk = signer.unsign(token, max_age=ACCESS_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Please ask for a new one."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This link is not valid. Please ask for a new one."), code="invalid"
        ) from None
    access_request = (
        AccessRequest.objects.filter(pk=pk, deidentified_at__isnull=True).first()
        if _is_uuid(pk)
        else None
    )
    if access_request is None:
        raise ValidationError(
            _("This link is not valid. Please ask for a new one."), code="invalid"
        )
    return access_request


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def access_request_create(*, email: str, language: str, client_hash: str) -> AccessRequest | None:
    """Record a request and send the signed link to the address (None when over its limit).

    The answer to the person is the same whether or not we hold anything about that address.
    """
    email = email.strip().lower()
    if not hit("privacy_access_link", address_key(email), ACCESS_LINKS_PER_ADDRESS):
        return None
    with transaction.atomic():
        access_request = AccessRequest.objects.create(
            email=email, language=language, client_hash=client_hash
        )
        transaction.on_commit(lambda: _enqueue_access_link(access_request.pk))
    return access_request


def _enqueue_access_link(pk: object) -> None:
    from .tasks import access_link_send

    access_link_send.enqueue(str(pk))


def access_request_touch(*, access_request: AccessRequest) -> None:
    AccessRequest.objects.filter(pk=access_request.pk).update(last_used_at=timezone.now())


def correction_request_submit(
    *, subject: Subject, email: str, details: str, language: str, user: User | None = None
) -> CorrectionRequest:
    """Record a correction request, due in 30 days; nothing is stored if it is not valid."""
    received = timezone.now()
    request = CorrectionRequest(
        user=user,
        email=(email or "").strip().lower(),
        details=details,
        language=language,
        received_at=received,
        due_on=CorrectionRequest.due_date(received),
    )
    if not request.user and not request.email:
        raise ValidationError(_("We need an account or an email address to answer you."))
    request.full_clean()
    request.save()
    return request


def correction_request_set_status(
    *,
    correction: CorrectionRequest,
    status: str,
    by: User | None = None,
    response: str | None = None,
) -> CorrectionRequest:
    """Move a correction request along if allowed; closing it stamps the answer date."""
    current = correction.status
    if status != current and status not in CorrectionRequest.TRANSITIONS.get(current, frozenset()):
        raise ValidationError(
            _("A correction request cannot go from “%(current)s” to “%(new)s”.")
            % {
                "current": CorrectionRequest.Status(current).label,
                "new": CorrectionRequest.Status(status).label,
            }
        )
    values: dict[str, object] = {"status": status, "handled_by": by}
    if response is not None:
        values["response"] = response
    if status not in CorrectionRequest.OPEN_STATUSES:
        values["answered_at"] = timezone.now()
    with transaction.atomic():
        # Conditional: two staff members acting at once cannot both move it from `current`.
        changed = CorrectionRequest.objects.filter(pk=correction.pk, status=current).update(
            **values
        )
        if not changed:
            raise ValidationError(_("Someone else changed this request; please reload it."))
    correction.refresh_from_db()
    return correction


def own_item_withdraw(*, subject: Subject, label: str, pk: int) -> None:
    """Withdraw one of the person's own items that is not published (state as data, atomic)."""
    entry = next((e for e in registry.withdrawables() if e.label == label), None)
    condition = subject.condition(entry) if entry else None
    if entry is None or condition is None:
        raise ValidationError(_("This item cannot be withdrawn."))
    queryset = entry.model._default_manager.filter(condition, pk=pk)
    obj = queryset.first()
    if obj is None:
        raise ValidationError(_("This item cannot be withdrawn."))
    if entry.withdraw is not None:
        entry.withdraw(obj=obj)
        return
    with transaction.atomic():
        # Conditional update: only from a state whose allowed transitions include withdrawal.
        changed = queryset.filter(**{f"{entry.state_field}__in": entry.withdrawable_states}).update(
            **{entry.state_field: entry.withdrawn_state}
        )
    if not changed:
        raise ValidationError(
            _("This item is already published or no longer pending, so it cannot be withdrawn.")
        )
