"""The checks of a session proposal, made whole before anything is stored so that every mistake
shows at once; the public form (events.forms) shares the limits."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from coplan.contributions.models import Province
from coplan.core.text import clean_public_text

from .models import NAME_MAX_LENGTH, TIME_ZONES, Event

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
ORGANISATION_MAX_LENGTH = 200
VENUE_MAX_LENGTH = 200
ADDRESS_MAX_LENGTH = 300
CITY_MAX_LENGTH = 120
# A proposed session lasts at most this long (a day-long workshop, a two-day conference slot).
LONGEST_SESSION = datetime.timedelta(days=2)
# Proposals reach at most this far ahead: further out, plans change and the page goes stale.
FURTHEST_AHEAD = datetime.timedelta(days=730)
PROPOSAL_FORMATS = frozenset(Event.Format.values)


@dataclass(frozen=True)
class CheckedProposal:
    """A proposal whose every field was checked, its short texts cleaned (`cleaned`)."""

    title: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    format: str
    province: str
    online_url: str
    contact_email: str
    language: str
    cleaned: dict[str, str]


def proposal_checked(
    now: datetime.datetime,
    *,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    format: str,
    venue_name: str,
    venue_address: str,
    city: str,
    province: str,
    online_url: str,
    host_organisation: str,
    contact_name: str,
    contact_email: str,
    language: str,
) -> CheckedProposal:
    """The proposal checked whole, so that every mistake shows at once; refused if any."""
    cleaned, errors = _cleaned_short_texts(
        host_organisation=host_organisation,
        venue_name=venue_name,
        venue_address=venue_address,
        city=city,
        contact_name=contact_name,
    )
    contact_email = (contact_email or "").strip()
    errors |= _choice_errors(contact_email, format, time_zone, province)
    errors |= _schedule_errors(starts_at, ends_at, now)
    errors |= _text_errors(title, description)
    if errors:
        raise ValidationError(errors)
    return CheckedProposal(
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        format=format,
        province=province or "",
        online_url=online_url or "",
        contact_email=contact_email,
        language=language if language in ("en", "fr") else "en",
        cleaned=cleaned,
    )


def _cleaned_short_texts(**values: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The proposer's short texts cleaned, and the errors of those that are not acceptable."""
    rules = {
        "host_organisation": (ORGANISATION_MAX_LENGTH, True),
        "venue_name": (VENUE_MAX_LENGTH, False),
        "venue_address": (ADDRESS_MAX_LENGTH, False),
        "city": (CITY_MAX_LENGTH, False),
        "contact_name": (NAME_MAX_LENGTH, True),
    }
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field, (max_length, required) in rules.items():
        try:
            cleaned[field] = clean_public_text(
                values[field], max_length=max_length, required=required
            )
        except ValidationError as error:
            errors[field] = error.messages
    return cleaned, errors


def _choice_errors(
    contact_email: str, format: str, time_zone: str, province: str
) -> dict[str, list[str]]:
    """Errors of the email address and of the fields chosen from a list."""
    errors: dict[str, list[str]] = {}
    try:
        validate_email(contact_email)
    except ValidationError:
        errors["contact_email"] = [_("Enter the email address where we can reach you.")]
    if format not in PROPOSAL_FORMATS:
        errors["format"] = [_("Choose the format of the session.")]
    if time_zone not in dict(TIME_ZONES):
        errors["time_zone"] = [_("Choose the time zone of the session from the list.")]
    if province and province not in Province.values:
        errors["province"] = [_("Choose a province or territory from the list.")]
    return errors


def _schedule_errors(
    starts_at: datetime.datetime, ends_at: datetime.datetime, now: datetime.datetime
) -> dict[str, list[str]]:
    """Errors of the session's start and end: in the future, not too far, not too long."""
    errors: dict[str, list[str]] = {}
    if starts_at <= now:
        errors["starts_at"] = [_("The session must start in the future.")]
    elif starts_at > now + FURTHEST_AHEAD:
        errors["starts_at"] = [_("Propose a session within the next two years.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The session must end after it starts.")]
    elif ends_at - starts_at > LONGEST_SESSION:
        errors["ends_at"] = [_("A session lasts at most two days.")]
    return errors


def _text_errors(title: str, description: str) -> dict[str, list[str]]:
    """Errors of the title and description, which `contribution_submit` cleans again: checked
    here so every mistake shows at once."""
    errors: dict[str, list[str]] = {}
    for field, value, max_length in (
        ("title", title, TITLE_MAX_LENGTH),
        ("description", description, DESCRIPTION_MAX_LENGTH),
    ):
        try:
            clean_public_text(value, max_length=max_length)
        except ValidationError as error:
            errors[field] = error.messages
    return errors
