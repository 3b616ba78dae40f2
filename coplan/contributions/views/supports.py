"""Supporting an idea, once per person under the call's voice rule, and confirming a support
by email."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.ratelimit import rate_limited
from coplan.processes.models import Opportunity

from .. import services, voice
from ..models import Contribution, Kind, ModerationState
from ..visitor import author_of, remember_support, visitor_key
from .common import safe_next

VoiceRule = Opportunity.VoiceRule


@require_POST
@rate_limited()
def idea_support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(
        Contribution.objects.select_related("opportunity__phase__process"),
        pk=pk,
        kind=Kind.IDEA,
        moderation_state=ModerationState.PUBLISHED,
    )
    if idea.opportunity is not None and idea.opportunity.voice_rule == VoiceRule.CONFIRMED_EMAIL:
        return _idea_support_by_email(request, idea)
    try:
        added = services.idea_support(
            idea=idea, supporter_key=visitor_key(request), user=author_of(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("contributions:idea_detail", pk=idea.pk)
    if added:
        remember_support(request, idea.pk)
        messages.success(request, _("Thank you: your support is counted."))
    else:
        messages.info(request, _("You already support this idea: each person counts once."))
    return redirect(safe_next(request, request.POST.get("next"), idea.get_absolute_url()))


def _idea_support_by_email(request: HttpRequest, idea: Contribution) -> HttpResponse:
    """Send the confirmation link; the support counts once the address is confirmed."""
    try:
        support = voice.support_request(
            idea=idea, email=request.POST.get("email", ""), language=get_language()
        )
    except ValidationError as error:
        return render(
            request,
            "contributions/support_problem.html",
            {"message": " ".join(error.messages), "idea_pk": idea.pk},
            status=400,
        )
    if support is None:
        messages.info(request, _("You already support this idea: each person counts once."))
    else:
        messages.success(
            request,
            _(
                "Almost done: we sent a confirmation link to your email address. Your support "
                "counts once you follow it."
            ),
        )
    return redirect(safe_next(request, request.POST.get("next"), idea.get_absolute_url()))


@rate_limited(methods=("GET", "POST"))
def support_confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The link from the confirmation email. Opening it shows a button and changes nothing (mail
    scanners open links); pressing the button counts the support once. A bad link: 400."""
    try:
        if request.method == "POST":
            idea = voice.support_confirm(idea_pk=pk, token=token)
        else:
            idea = voice.support_pending(idea_pk=pk, token=token).contribution
    except ValidationError as error:
        return render(
            request,
            "contributions/support_problem.html",
            {"message": error.messages[0], "idea_pk": pk},
            status=400,
        )
    if request.method == "POST":
        remember_support(request, idea.pk)
        messages.success(request, _("Thank you: your support is confirmed and counted."))
        return redirect("contributions:idea_detail", pk=idea.pk)
    return render(
        request,
        "contributions/address_confirm.html",
        {
            "heading": _("Confirm your support"),
            "explanation": _(
                "You asked to support the idea “%(title)s”. It counts once you confirm."
            )
            % {"title": idea.public_title},
            "button": _("Confirm my support"),
            "back_url": idea.get_absolute_url(),
            "back_label": _("Back to the idea"),
        },
    )
