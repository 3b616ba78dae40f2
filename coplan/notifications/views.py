from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from coplan.core.ratelimit import client_fingerprint, rate_limited
from coplan.processes.models import Process

from . import selectors, services
from .followables import Followable, followable_for
from .forms import FollowForm, PreferencesForm, SubscribeForm
from .models import AnnouncementKind, Subscriber


@rate_limited("public_write")
def subscribe(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("process"):
        initial["process"] = request.GET["process"][:80]
    if request.user.is_authenticated:
        initial["email"] = request.user.email
        initial["language"] = request.user.preferred_language
    form = SubscribeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = services.subscription_request(
            email=data["email"],
            language=data["language"],
            frequency=data["frequency"],
            process=data["process"],
            kinds=data["kinds"],
            user=request.user if request.user.is_authenticated else None,
            client_hash=client_fingerprint(request),
        )
        return _sent(request, outcome.limited)
    # The privacy notice names the consultation's own statement once we know which it is.
    slug = form.data.get("process") if form.is_bound else initial.get("process")
    process = Process.objects.filter(slug=str(slug)[:80]).first() if slug else None
    return render(
        request,
        "notifications/subscribe.html",
        {"form": form, "process": process, "social_accounts": settings.COPLAN_SOCIAL_ACCOUNTS},
        status=400 if form.errors else 200,
    )


def _sent(request: HttpRequest, limited: bool) -> HttpResponse:
    return render(
        request,
        "notifications/subscribe_sent.html",
        {"limited": limited},
        status=429 if limited else 200,
    )


@rate_limited("public_write")
def follow(request: HttpRequest, content_type_id: int, object_id: int) -> HttpResponse:
    """Follow one object (e.g. a commitment's progress) by email."""
    entry, target = _followable_or_404(content_type_id, object_id)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = services.subscription_request(
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            frequency=Subscriber.Frequency.IMMEDIATE,
            process=entry.process(target),
            kinds=entry.kinds,
            target=target,
            user=request.user if request.user.is_authenticated else None,
            client_hash=client_fingerprint(request),
        )
        return _sent(request, outcome.limited)
    return render(
        request,
        "notifications/follow.html",
        {"form": form, "target": target, "process": entry.process(target)},
        status=400 if form.errors else 200,
    )


def _followable_or_404(content_type_id: int, object_id: int) -> tuple[Followable, Model]:
    """The object people may follow (visible to the public), with how it is followed."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    entry = followable_for(model)
    if entry is None:
        raise Http404
    queryset = model._default_manager.all()
    if entry.visible is not None:
        queryset = entry.visible(queryset)
    target = queryset.filter(pk=object_id).first()
    if target is None:
        raise Http404
    return entry, target


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = services.subscription_confirm(token=token)
    except ValidationError as error:
        return render(
            request, "notifications/link_problem.html", {"message": error.messages[0]}, status=400
        )
    return render(request, "notifications/confirmed.html", {"subscriber": subscriber})


def _gone(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/link_problem.html",
        {
            "message": _(
                "This link has already been used or is no longer valid. If you unsubscribed, "
                "you will not receive any more messages at that address."
            )
        },
        status=410,
    )


@never_cache
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """The address's subscriptions and preferences (the link in every message); POST saves the
    preferences."""
    subscriber = services.subscriber_by_token(token)
    if subscriber is None:
        return _gone(request)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"language": subscriber.language, "frequency": subscriber.frequency},
    )
    if form.is_valid():
        services.subscriber_update_preferences(subscriber=subscriber, **form.cleaned_data)
        messages.success(request, _("Your preferences are saved."))
        return redirect("notifications:manage", token=token)
    return _manage_page(request, subscriber, form, status=400 if form.errors else 200)


@never_cache
@require_POST
def subscription_remove(request: HttpRequest, token: str) -> HttpResponse:
    """Stop following one thing: only this address's own subscriptions (another's, or one
    already removed, is not found)."""
    subscriber = services.subscriber_by_token(token)
    if subscriber is None:
        return _gone(request)
    try:
        pk = int(request.POST.get("subscription", ""))
    except ValueError:
        pk = 0
    if services.subscription_remove(subscriber=subscriber, subscription_pk=pk):
        messages.success(request, _("You no longer follow this."))
        return redirect("notifications:manage", token=token)
    messages.error(request, _("This subscription no longer exists."))
    form = PreferencesForm(
        initial={"language": subscriber.language, "frequency": subscriber.frequency}
    )
    return _manage_page(request, subscriber, form, status=404)


def _manage_page(
    request: HttpRequest, subscriber: Subscriber, form: PreferencesForm, *, status: int
) -> HttpResponse:
    context = {
        "subscriber": subscriber,
        "subscriptions": selectors.subscriptions_for([subscriber]),
        "form": form,
        "token": subscriber.token,
    }
    return render(request, "notifications/manage.html", context, status=status)


@never_cache
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (link checkers must not unsubscribe people); POST unsubscribes.

    POST needs no CSRF token: mail clients send RFC 8058 one-click requests with only
    "List-Unsubscribe=One-Click" in the body; the unguessable token is the credential.
    """
    if request.method == "POST":
        if services.subscriber_unsubscribe(token=token):
            return render(request, "notifications/unsubscribed.html")
        return _gone(request)
    subscriber = services.subscriber_by_token(token)
    if subscriber is None:
        return _gone(request)
    return render(request, "notifications/unsubscribe.html", {"token": token})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Signed-in people see and manage every address they subscribed while signed in."""
    subscribers = selectors.subscribers_of(request.user)
    return render(
        request,
        "notifications/mine.html",
        {
            "subscribers": subscribers,
            "subscriptions": selectors.subscriptions_for(subscribers),
            "kinds": AnnouncementKind,
        },
    )


def stay_connected_context(process) -> dict:
    """The "Stay connected" section of a process page (no query)."""
    return {
        "process": process,
        "social_accounts": settings.COPLAN_SOCIAL_ACCOUNTS,
        "subscribe_url": services.subscribe_path(process),
    }
