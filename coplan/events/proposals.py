"""Sessions proposed by partners or third parties through the public form.

A proposal takes the one path of public text: its title and description are a contribution
(kind "session proposal") stored by `contribution_submit`, which keeps a masked copy and the
proposer's name and email apart in `ContributorContact` (privacy registry, retention clock of the
process), and which waits in the one moderation queue. The session itself is stored at once with
the masked texts and `proposal` pointing at that contribution; `Event.objects.public()` lists it
only once the contribution is published. Staff are emailed when a proposal arrives; the proposer
is emailed the decision in the language they wrote in.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from coplan.accounts.models import User
from coplan.accounts.roles import ADMINISTRATOR, MODERATOR
from coplan.contributions.models import Contribution, Kind, ModerationState
from coplan.contributions.services import contribution_submit, redacted_or_blank
from coplan.core.mail import send_once
from coplan.processes.models import Opportunity, Process

from .models import Event
from .proposal_checks import DESCRIPTION_MAX_LENGTH, CheckedProposal, proposal_checked

LANGUAGES = ("en", "fr")


def proposal_opportunity(process: Process, now: datetime.datetime | None = None):
    """The process's sessions opportunity that takes input now (the earliest phase's), or None:
    proposals are taken while sessions are, and belong to that opportunity."""
    if process.completed_on is not None:
        return None
    candidates = Opportunity.objects.filter(
        phase__process=process, kind=Opportunity.Kind.SESSIONS, status=Opportunity.Status.OPEN
    ).select_related("phase")
    for opportunity in candidates:
        if opportunity.is_accepting_input(now):
            return opportunity
    return None


def _masked(value: str, language: str) -> str:
    """What the public sees of a short text the proposer typed: the corpus's one masking rule."""
    return redacted_or_blank(value, language) or value


def session_proposal_submit(
    *,
    process: Process,
    title: str,
    description: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    format: str,
    venue_name: str = "",
    venue_address: str = "",
    city: str = "",
    province: str = "",
    online_url: str = "",
    host_organisation: str,
    contact_name: str,
    contact_email: str,
    language: str = "en",
    user: User | None = None,
    external_ref: str = "",
    now: datetime.datetime | None = None,
) -> Event:
    """Store a proposed session, unlisted until a moderator publishes its proposal; nothing is
    stored if any field is wrong."""
    now = now or timezone.now()
    opportunity = _open_opportunity(process, now)
    proposal = proposal_checked(
        now,
        title=title,
        description=description,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        format=format,
        venue_name=venue_name,
        venue_address=venue_address,
        city=city,
        province=province,
        online_url=online_url,
        host_organisation=host_organisation,
        contact_name=contact_name,
        contact_email=contact_email,
        language=language,
    )
    with transaction.atomic():
        contribution = _proposal_contribution(process, opportunity, proposal, user, external_ref)
        if (replayed := Event.objects.filter(proposal=contribution).first()) is not None:
            # The same form sent twice: the session is stored once.
            return replayed
        event = _proposal_event(contribution, opportunity, proposal)
        _event_linked(contribution, event)
        transaction.on_commit(lambda: proposal_received_send.enqueue(event_id=event.pk))
    return event


def _open_opportunity(process: Process, now: datetime.datetime) -> Opportunity:
    """The opportunity a proposal belongs to; refused when the process takes none now."""
    if (opportunity := proposal_opportunity(process, now)) is None:
        raise ValidationError(
            _("This consultation does not take session proposals at the moment."), code="closed"
        )
    return opportunity


def _proposal_contribution(
    process: Process,
    opportunity: Opportunity,
    proposal: CheckedProposal,
    user: User | None,
    external_ref: str,
) -> Contribution:
    """The proposal's texts and proposer, stored by the one path of public text."""
    try:
        return contribution_submit(
            process=process,
            opportunity=opportunity,
            kind=Kind.SESSION_PROPOSAL,
            title=proposal.title,
            text=proposal.description,
            author=user if user is not None and user.is_authenticated else None,
            contact_name=proposal.cleaned["contact_name"],
            contact_email=proposal.contact_email,
            # A proposal is made to be listed: publishing it is the point.
            consent_to_publish=True,
            province=proposal.province,
            provenance={"form_language": proposal.language},
            text_max_length=DESCRIPTION_MAX_LENGTH,
            external_ref=external_ref,
        )
    except ValidationError as error:
        raise ValidationError(_proposal_errors(error)) from None


def _proposal_event(
    contribution: Contribution, opportunity: Opportunity, proposal: CheckedProposal
) -> Event:
    """The proposed session, stored with the masked texts in the language they were written in."""
    written = contribution.language if contribution.language in ("en", "fr") else proposal.language
    cleaned = proposal.cleaned
    event = Event(
        opportunity=opportunity,
        starts_at=proposal.starts_at,
        ends_at=proposal.ends_at,
        time_zone=proposal.time_zone,
        format=proposal.format,
        # A public venue's street address is published as given (see the form).
        venue_address=cleaned["venue_address"],
        city=_masked(cleaned["city"], written),
        province=proposal.province,
        online_url=proposal.online_url,
        host=Event.Host.PARTNER,
        # Registration is the host's business: the page says who hosts and how to join.
        registration_open=False,
        proposal=contribution,
    )
    _written_texts_set(event, contribution, cleaned, written)
    event.full_clean(
        exclude=[
            "opportunity",
            "proposal",
            # The other language is left empty on purpose (it falls back).
            *(f"{field}_{other}" for field in ("title", "description") for other in LANGUAGES),
        ]
    )
    event.save()
    return event


def _written_texts_set(
    event: Event, contribution: Contribution, cleaned: dict[str, str], written: str
) -> None:
    """Only the language it was written in: the other falls back to it."""
    setattr(event, f"title_{written}", contribution.public_title)
    setattr(event, f"description_{written}", contribution.public_text)
    setattr(event, f"venue_name_{written}", _masked(cleaned["venue_name"], written))
    setattr(event, f"host_organisation_{written}", _masked(cleaned["host_organisation"], written))


def _event_linked(contribution: Contribution, event: Event) -> None:
    """Moderators reach the session from the contribution."""
    Contribution.objects.filter(pk=contribution.pk).update(
        target_type=ContentType.objects.get_for_model(Event), target_id=event.pk
    )


def _proposal_errors(error: ValidationError) -> dict[str, list[str]] | list[str]:
    """The contribution's field names, said as the proposal form's."""
    if not hasattr(error, "error_dict"):
        return error.messages
    names = {"text": "description", "email": "contact_email", "name": "contact_name"}
    return {names.get(field, field): messages for field, messages in error.message_dict.items()}


def _staff_recipients() -> list[User]:
    """Those who decide on proposals: active moderators and administrators."""
    return list(
        User.objects.filter(is_active=True, groups__name__in=(MODERATOR, ADMINISTRATOR)).distinct()
    )


@task(queue_name="mail")
def proposal_received_send(event_id: int) -> int:
    """Tell the moderators, each in their language, that a session proposal waits; the email
    names the session and links to the moderation page, never the proposer's contact."""
    event = (
        Event.objects.select_related("proposal", "opportunity__phase__process")
        .filter(pk=event_id, proposal__isnull=False)
        .first()
    )
    if event is None:
        return 0
    # One message per proposal and moderator: a task cut off midway, run again, tells only
    # those it had not told yet.
    return sum(
        send_once(f"proposal-received:{event.pk}:{person.pk}", partial(_received, event, person))
        for person in _staff_recipients()
    )


def _received(event: Event, person: User) -> EmailMessage:
    with override(_language(person.preferred_language)):
        path = reverse("moderation:detail", kwargs={"pk": event.proposal_id})
        context = {
            "event": event,
            "process": event.opportunity.phase.process,
            "moderation_url": _site() + path,
        }
        subject = _("A session is proposed: %(title)s") % {"title": event.title}
        return _message(subject, "events/email/proposal_received.txt", context, person.email)


def _language(language: str | None) -> str:
    return language if language in ("en", "fr") else "en"


def _site() -> str:
    return settings.COPLAN_SITE_URL.rstrip("/")


def _message(subject: str, template: str, context: dict[str, object], to: str) -> EmailMessage:
    body = render_to_string(template, context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def proposals_decided(ids: Sequence[int], new_state: str) -> None:
    """Listener of moderation decisions (contributions.decisions): the proposer hears of an
    approval or a refusal; hiding a listed session later sends nothing."""
    if new_state not in (ModerationState.PUBLISHED, ModerationState.REJECTED):
        return
    for event_id in Event.objects.filter(proposal_id__in=ids).values_list("pk", flat=True):
        proposal_decision_send.enqueue(event_id=event_id, state=new_state)


@task(queue_name="mail")
def proposal_decision_send(event_id: int, state: str) -> bool:
    """Email the proposer the decision on their session, in the language of their form."""
    event = (
        Event.objects.select_related("proposal__contact", "opportunity__phase__process")
        .filter(pk=event_id)
        .first()
    )
    contact = getattr(event.proposal, "contact", None) if event and event.proposal else None
    if contact is None or contact.deidentified_at is not None or not contact.email:
        return False
    language = _language((event.proposal.provenance or {}).get("form_language", "en"))
    approved = state == ModerationState.PUBLISHED
    build = partial(_decision, event, contact.email, language, approved)
    # One message per decision: a proposal published, hidden and published again is told once.
    return send_once(f"proposal-decision:{event.pk}:{state}", build)


def _decision(event: Event, email: str, language: str, approved: bool) -> EmailMessage:
    with override(language):
        context = {
            "event": event,
            "contact": event.proposal.contact,
            "process": event.opportunity.phase.process,
            "approved": approved,
            "event_url": _site() + event.get_absolute_url(),
        }
        subject = (
            _("Your session is listed: %(title)s")
            if approved
            else _("Your session proposal: %(title)s")
        )
        template = "events/email/proposal_decision.txt"
        return _message(subject % {"title": event.title}, template, context, email)
