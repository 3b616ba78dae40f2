from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.permissions import staff_permission
from coplan.core.ratelimit import rate_limited
from coplan.processes.models import Opportunity

from . import exports, selectors, services, voice
from .forms import QuestionnaireForm, ResultsFilterForm, ReviewForm, describe_answers
from .models import Questionnaire

# The anonymous respondent's browser token: signed, so a forged value is ignored.
BROWSER_COOKIE = "coplan_respondent"
BROWSER_COOKIE_SALT = "coplan.surveys.respondent"
BROWSER_COOKIE_MAX_AGE = 2 * 365 * 24 * 3600
# The answers travel signed between the review page and the final send; a day is plenty.
PAYLOAD_SALT = "coplan.surveys.review"
PAYLOAD_MAX_AGE = 24 * 3600


def for_opportunity(request: HttpRequest, opportunity_pk: int) -> HttpResponse:
    """The participation page of a questionnaire opportunity: its (first) questionnaire."""
    opportunity = get_object_or_404(Opportunity, pk=opportunity_pk)
    questionnaire = opportunity.questionnaires.order_by("position", "pk").first()
    if questionnaire is None:
        return redirect(opportunity.get_absolute_url())
    return redirect("surveys:answer", pk=questionnaire.pk)


def _needs_account(questionnaire: Questionnaire) -> bool:
    return (
        questionnaire.requires_account
        or not questionnaire.opportunity.allows_anonymous
        or voice.needs_account(questionnaire)
    )


def _payload_data(request: HttpRequest) -> dict[str, list[str]]:
    return {key: request.POST.getlist(key) for key in request.POST if key.startswith("q")}


@dataclass
class _Answering:
    """Who answers which questionnaire: the page's context, the browser's token and the
    respondent's key (one response per person)."""

    context: dict
    questions: list
    token: str
    key: str


def _answering(request: HttpRequest, pk: int) -> _Answering | HttpResponse:
    """The questionnaire open to this person, or the page that says why they cannot answer."""
    questionnaire = selectors.questionnaire_for_page(pk)
    if _needs_account(questionnaire) and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    token = request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_COOKIE_SALT)
    key = services.respondent_key_for(
        questionnaire=questionnaire, user=request.user, browser_token=token
    )
    context = {
        "questionnaire": questionnaire,
        "process": questionnaire.opportunity.phase.process,
        "is_open": questionnaire.is_open(),
        "already": services.questionnaire_already_answered(
            questionnaire=questionnaire, respondent_key=key
        ),
        "needs_email": voice.needs_email(questionnaire),
    }
    if not context["is_open"] or context["already"]:
        return render(request, "surveys/questionnaire_answer.html", context)
    return _Answering(context, selectors.questions_with_choices(questionnaire), token, key)


@rate_limited()
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The questions; the answers posted are checked and shown back for review."""
    answering = _answering(request, pk)
    if isinstance(answering, HttpResponse):
        return answering
    context = answering.context
    if request.method != "POST":
        context["form"] = QuestionnaireForm(questions=answering.questions)
        return render(request, "surveys/questionnaire_answer.html", context)
    return _review(request, context, answering.questions)


@require_POST
@rate_limited()
def answer_change(request: HttpRequest, pk: int) -> HttpResponse:
    """From the review page, back to the questions with the answers given."""
    answering = _answering(request, pk)
    if isinstance(answering, HttpResponse):
        return answering
    return _reviewed(request, answering, send=False)


@require_POST
@rate_limited()
def answer_send(request: HttpRequest, pk: int) -> HttpResponse:
    """From the review page: the answers sent."""
    answering = _answering(request, pk)
    if isinstance(answering, HttpResponse):
        return answering
    return _reviewed(request, answering, send=True)


def _review(request: HttpRequest, context: dict, questions: list) -> HttpResponse:
    """The answers checked and shown back for review, carried signed to the next step."""
    questionnaire = context["questionnaire"]
    needs_email = context["needs_email"]
    form = QuestionnaireForm(request.POST, questions=questions)
    context["form"] = form
    if not form.is_valid():
        return render(request, "surveys/questionnaire_answer.html", context, status=400)
    payload = signing.dumps(
        {"questionnaire": questionnaire.pk, "data": _payload_data(request)}, salt=PAYLOAD_SALT
    )
    initial = {"payload": payload}
    if needs_email and request.user.is_authenticated:
        initial["email"] = request.user.email
    context["review_form"] = ReviewForm(initial=initial, needs_email=needs_email)
    context["summary"] = describe_answers(questions, form.cleaned_answers)
    return render(request, "surveys/questionnaire_review.html", context)


def _reviewed(request: HttpRequest, answering: _Answering, *, send: bool) -> HttpResponse:
    """The answers signed on the review page read back: to change them, or to send them."""
    context, questions = answering.context, answering.questions
    needs_email = context["needs_email"]
    review = ReviewForm(request.POST, needs_email=needs_email and send)
    payload = _payload_read(review, context["questionnaire"])
    if payload is None:
        context["form"] = QuestionnaireForm(questions=questions)
        context["problem"] = _(
            "Your answers could not be read back (the page may have expired). Please answer again."
        )
        return render(request, "surveys/questionnaire_answer.html", context, status=400)
    form = QuestionnaireForm(_as_querydict(payload["data"]), questions=questions)
    valid = form.is_valid()
    context["form"] = form
    if valid and send and needs_email and review.errors:
        # The address is missing or not valid: the review page again, with its error.
        context["review_form"] = review
        context["summary"] = describe_answers(questions, form.cleaned_answers)
        return render(request, "surveys/questionnaire_review.html", context, status=400)
    if not send or not valid:
        return render(
            request, "surveys/questionnaire_answer.html", context, status=200 if valid else 400
        )
    return _sent(request, context, form, review, token=answering.token, key=answering.key)


def _payload_read(review: ReviewForm, questionnaire: Questionnaire) -> dict | None:
    """The answers signed on the review page, None when they cannot be trusted (expired,
    tampered with, another questionnaire's). The address (under the "confirmed email" rule)
    is checked afterwards, with the answers."""
    try:
        if not review.is_valid() and "payload" in review.errors:
            raise signing.BadSignature
        payload = signing.loads(
            review.cleaned_data["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE
        )
        if payload.get("questionnaire") != questionnaire.pk:
            raise signing.BadSignature
    except signing.BadSignature:
        return None
    return payload


def _sent(
    request: HttpRequest,
    context: dict,
    form: QuestionnaireForm,
    review: ReviewForm,
    *,
    token: str,
    key: str,
) -> HttpResponse:
    """Store the response; then thanks, or the request to confirm the address."""
    questionnaire = context["questionnaire"]
    new_token = "" if token else secrets.token_urlsafe(24)
    if new_token:
        # First response from this browser: the key comes from the token we are about to set.
        key = services.respondent_key_for(
            questionnaire=questionnaire, user=request.user, browser_token=new_token
        )
    try:
        _response_submit(request, questionnaire, form, review, key)
    except ValidationError as error:
        context["problem"] = " ".join(error.messages)
        return render(request, "surveys/questionnaire_answer.html", context, status=400)
    if context["needs_email"]:
        # Nothing counts yet: the person is told to follow the link we emailed them.
        return redirect("surveys:check_email", pk=questionnaire.pk)
    response = redirect("surveys:thanks", pk=questionnaire.pk)
    if new_token:
        _browser_remembered(request, response, new_token)
    return response


def _browser_remembered(request: HttpRequest, response: HttpResponse, token: str) -> None:
    """The browser keeps its respondent token (signed) so that it answers only once."""
    response.set_signed_cookie(
        BROWSER_COOKIE,
        token,
        salt=BROWSER_COOKIE_SALT,
        max_age=BROWSER_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def _response_submit(
    request: HttpRequest,
    questionnaire: Questionnaire,
    form: QuestionnaireForm,
    review: ReviewForm,
    key: str,
) -> None:
    services.response_submit(
        questionnaire=questionnaire,
        answers=form.cleaned_answers,
        language=get_language(),
        respondent=request.user,
        respondent_key=key,
        consent_to_publish=review.cleaned_data["consent_to_publish"],
        email=review.cleaned_data.get("email", ""),
    )


def _as_querydict(data: dict) -> object:
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    if not isinstance(data, dict):
        return query
    for key, values in data.items():
        if isinstance(key, str) and isinstance(values, list):
            query.setlist(key, [str(value) for value in values])
    return query


def _questionnaire_page(request: HttpRequest, pk: int, template: str) -> HttpResponse:
    questionnaire = selectors.questionnaire_for_page(pk)
    context = {"questionnaire": questionnaire, "process": questionnaire.opportunity.phase.process}
    return render(request, template, context)


def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    return _questionnaire_page(request, pk, "surveys/questionnaire_thanks.html")


def check_email(request: HttpRequest, pk: int) -> HttpResponse:
    """After answering under the "confirmed email" rule: the answers count once confirmed."""
    return _questionnaire_page(request, pk, "surveys/questionnaire_check_email.html")


@rate_limited(methods=("GET", "POST"))
def confirm(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The link from the confirmation email. Opening it shows a button and changes nothing (mail
    scanners open links); pressing the button counts the answers once. A bad link: 400."""
    questionnaire = selectors.questionnaire_for_page(pk)
    context = {"questionnaire": questionnaire, "process": questionnaire.opportunity.phase.process}
    try:
        if request.method == "POST":
            voice.response_confirm(questionnaire_pk=pk, token=token)
        else:
            voice.response_pending(questionnaire_pk=pk, token=token)
    except ValidationError as error:
        context["message"] = error.messages[0]
        return render(request, "surveys/confirmation_problem.html", context, status=400)
    if request.method == "POST":
        return redirect("surveys:thanks", pk=questionnaire.pk)
    return render(
        request,
        "contributions/address_confirm.html",
        {
            "heading": _("Confirm your answers"),
            "explanation": _(
                "You answered the questionnaire “%(title)s”. Your answers count once you confirm."
            )
            % {"title": questionnaire.title},
            "button": _("Confirm my answers"),
            "back_url": questionnaire.opportunity.phase.process.get_absolute_url(),
            "back_label": _("Back to the consultation"),
        },
    )


def _results_page(request: HttpRequest, questionnaire: Questionnaire, *, staff: bool):
    filter_form = ResultsFilterForm(request.GET or None)
    province = filter_form.cleaned_data["province"] if filter_form.is_valid() else ""
    if filter_form.is_bound and not filter_form.is_valid():
        messages.error(request, _("Unknown province or territory: showing every response."))
    return render(
        request,
        "surveys/questionnaire_results.html",
        {
            "questionnaire": questionnaire,
            "process": questionnaire.opportunity.phase.process,
            "results": selectors.questionnaire_results(questionnaire, province=province),
            "filter_form": filter_form,
            "staff": staff,
            "can_export": request.user.has_perm("surveys.export_responses"),
        },
    )


def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Public results, when the questionnaire shows them to everyone."""
    questionnaire = selectors.questionnaire_for_page(pk)
    if not questionnaire.results_are_public:
        if request.user.has_perm("surveys.view_staff_results"):
            return redirect("surveys:staff_results", pk=pk)
        return render(
            request,
            "surveys/results_not_public.html",
            {"questionnaire": questionnaire, "process": questionnaire.opportunity.phase.process},
            status=403,
        )
    return _results_page(request, questionnaire, staff=False)


@staff_permission("surveys.view_staff_results")
def staff_results(request: HttpRequest, pk: int) -> HttpResponse:
    return _results_page(request, selectors.questionnaire_for_page(pk), staff=True)


@staff_permission("surveys.view_staff_results")
def staff_list(request: HttpRequest) -> HttpResponse:
    from coplan.core.pagination import paginate

    page = paginate(selectors.questionnaires_with_counts(), request.GET.get("page"))
    return render(request, "surveys/staff_list.html", {"page": page})


@staff_permission("surveys.export_responses")
def staff_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Every response as CSV, streamed: one row per response, one column per question."""
    questionnaire = selectors.questionnaire_for_page(pk)
    response = StreamingHttpResponse(
        exports.responses_csv(questionnaire), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="questionnaire-{questionnaire.pk}-responses.csv"'
    )
    return response
