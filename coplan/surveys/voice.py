"""One voice per person for one-answer questionnaires, under the opportunity's voice rule.

The rule that counts supports on ideas counts answers too (Opportunity.VoiceRule):

- open: once per browser (a signed cookie), or per account when signed in;
- account: signing in is required; once per account;
- confirmed email: the respondent gives an address; the response is stored at once but counts
  (results, exports, its written answers' contributions) only when they follow the link emailed
  to it: the shared confirmation machinery of supports (coplan.contributions.confirmation).

One response per address: the first response an address confirms is the one counted; a later
one is refused when its link is followed (its answers are never counted, and the unconfirmed
response is deleted with the others after a few days). Why not "the latest replaces": written
answers enter moderation and analysis as soon as they count, so replacing a response would pull
published, coded contributions out from under the analysts and move results readers have
already seen; and the refusal is told only to whoever holds the mailbox (the form itself says
the same thing for every address, so it reveals nobody's participation).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.contributions import confirmation
from coplan.processes.models import Opportunity

from .answers import free_text_contribution
from .models import Answer, Questionnaire, Response

KIND = "response"
CONFIRMATION_SALT = "coplan.surveys.response-confirmation"
VoiceRule = Opportunity.VoiceRule


def voice_rule(questionnaire: Questionnaire) -> str | None:
    """The rule counting this questionnaire's respondents; None when anyone may answer again."""
    if not questionnaire.one_response_per_person:
        return None
    return questionnaire.opportunity.voice_rule


def needs_email(questionnaire: Questionnaire) -> bool:
    return voice_rule(questionnaire) == VoiceRule.CONFIRMED_EMAIL


def needs_account(questionnaire: Questionnaire) -> bool:
    return voice_rule(questionnaire) == VoiceRule.ACCOUNT


def response_pending(*, questionnaire_pk: int, token: str) -> Response:
    """The response a confirmation link names, still waiting (the page with the button)."""
    return confirmation.check(KIND, page_pk=questionnaire_pk, token=token)


def response_confirm(*, questionnaire_pk: int, token: str) -> Response:
    """Count a response whose address was confirmed; any bad link changes nothing."""
    return confirmation.confirm(KIND, page_pk=questionnaire_pk, token=token)


def _ensure_countable(response: Response) -> None:
    questionnaire = response.questionnaire
    if not questionnaire.is_open():
        raise ValidationError(
            _("This questionnaire is closed: it no longer accepts responses."), code="closed"
        )
    if (
        Response.objects.filter(
            questionnaire=questionnaire,
            respondent_key=response.respondent_key,
            confirmed_at__isnull=False,
        )
        .exclude(pk=response.pk)
        .exists()
    ):
        raise ValidationError(_ALREADY_ANSWERED, code="duplicate")


def _count(response: Response) -> None:
    """The confirmed response counts: its written answers become contributions (moderated and
    redacted like any other) and its answers are added to the results."""
    from .services import _tallies_add
    from .tallies import count_answers

    answers = list(Answer.objects.filter(response=response).select_related("question"))
    written = []
    for answer in answers:
        if not answer.pending_text:
            continue
        answer.contribution = free_text_contribution(
            questionnaire=response.questionnaire,
            question=answer.question,
            response=response,
            text=answer.pending_text,
            author=response.respondent,
            consent_to_publish=response.consent_to_publish,
            suffix=":other" if answer.is_other else "",
        )
        answer.pending_text = ""
        written.append(answer)
    Answer.objects.bulk_update(written, ["contribution", "pending_text"])
    _tallies_add(response.questionnaire, count_answers(answers))


_ALREADY_ANSWERED = gettext_lazy(
    "This email address has already answered this questionnaire: only the first answers it "
    "confirmed are counted."
)


def register() -> None:
    """Called from SurveysConfig.ready(): answers use the confirmation machinery of supports."""
    confirmation.register(
        confirmation.Confirmable(
            kind=KIND,
            model=Response,
            salt=CONFIRMATION_SALT,
            page_field="questionnaire_id",
            opportunity_path="questionnaire__opportunity_id",
            requested_field="submitted_at",
            url_name="surveys:confirm",
            email_template="surveys/email/response_confirm",
            email_context=lambda response: {"questionnaire": response.questionnaire},
            ensure_open=_ensure_countable,
            count=_count,
            messages=confirmation.Messages(
                expired=gettext_lazy(
                    "This confirmation link has expired. Please answer the questionnaire again "
                    "to get a new one."
                ),
                other_page=gettext_lazy("This confirmation link is for another questionnaire."),
                stale=gettext_lazy(
                    "This confirmation link is no longer valid. Please answer the questionnaire "
                    "again."
                ),
                used=gettext_lazy(
                    "This confirmation link has already been used: your answers are counted."
                ),
                duplicate=_ALREADY_ANSWERED,
            ),
        )
    )
