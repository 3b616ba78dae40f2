"""Background work of the privacy app: daily retention, hash erasure, access-link emails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from . import services
from .models import AccessRequest


@task()
def retention_apply() -> dict:
    """Periodic (daily): de-identify every registered record past its retention period."""
    run = services.retention_run()
    return {"run": run.pk, "records": run.total, "accounts": run.accounts_deactivated}


@task()
def client_hashes_erase() -> dict:
    """Periodic (daily): erase keyed client-address hashes older than 30 days."""
    run = services.client_hashes_run()
    return {"run": run.pk, "records": run.total}


@task()
def sessions_clear() -> int:
    """Periodic (daily): delete expired sessions. Django never does it by itself; a session
    links a browser to an account and holds what a visitor left in it (own contributions)."""
    return services.sessions_clear()


@task(queue_name="mail")
def access_link_send(access_request_id: str) -> bool:
    """Email the signed access link, in the language the person used; the id, not the address,
    travels through the task queue."""
    from coplan.core.mail import send_once

    access_request = AccessRequest.objects.filter(pk=access_request_id).first()
    if access_request is None:
        return False
    # Each request is its own message, sent once even if the worker dies and the task runs
    # again (coplan.core.mail).
    return send_once(
        f"access-link:{access_request.pk}", lambda: _access_link_message(access_request)
    )


def _access_link_message(access_request: AccessRequest) -> EmailMultiAlternatives:
    with translation.override(access_request.language):
        path = reverse(
            "privacy:access",
            kwargs={"token": services.access_link_token(access_request)},
        )
        context = {
            "url": settings.COPLAN_SITE_URL.rstrip("/") + path,
            "hours": int(services.ACCESS_LINK_MAX_AGE.total_seconds() // 3600),
            "site_name": settings.COPLAN_SITE_NAME,
        }
        subject = render_to_string("privacy/email/access_link_subject.txt", context).strip()
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("privacy/email/access_link.txt", context),
            to=[access_request.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(
            render_to_string("privacy/email/access_link.html", context), "text/html"
        )
    return message
