"""Background work for contributions: the support confirmation email (mail queue)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import Support


@task(queue_name="mail")
def support_confirmation_send(support_id: int) -> bool:
    """Email the confirmation link in the visitor's language (the id travels, not the address)."""
    from .voice import confirmation_token

    support = (
        Support.objects.select_related("contribution__opportunity")
        .filter(pk=support_id, confirmed_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if support is None:
        return False
    language = support.language or settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse(
            "contributions:support_confirm",
            kwargs={"pk": support.contribution_id, "token": confirmation_token(support)},
        )
        context = {
            "idea": support.contribution,
            "confirm_url": settings.COPLAN_SITE_URL.rstrip("/") + path,
            "site_name": settings.COPLAN_SITE_NAME,
        }
        subject = " ".join(
            render_to_string("contributions/email/support_confirm_subject.txt", context).split()
        )
        body = render_to_string("contributions/email/support_confirm.txt", context)
    EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[support.email],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()
    return True
