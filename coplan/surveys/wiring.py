"""What the questionnaires app adds to the others (read by `core.apps.wire_apps`): the personal
data of responses, its permissions, its part of the contributions' voice, its participation page
and its section of the process page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coplan.contributions.confirmation import UNCONFIRMED_KEEP_DAYS
from coplan.privacy.registry import PersonalData, registry
from coplan.processes.participation import register_participation, register_process_section

from . import (
    rules,  # noqa: F401 - registers the permissions
    sections,
    voice,
)
from .models import Answer, Response

# Who answered is kept only to hold "one response per person"; the answers themselves carry no
# personal details (free text lives in contributions, which are redacted). Under the "confirmed
# email" rule a response waits for its address to be confirmed: the address and its written
# answers are kept until then (erased on confirmation), and a response never confirmed is
# deleted a week after it was sent.
registry.register(
    PersonalData(
        model=Response,
        fields=("respondent", "respondent_key", "email"),
        purpose=_("allowing one response per person to a questionnaire"),
        subject_user="respondent_id",
        subject_email=("email", "respondent__email"),
        retention_anchor="questionnaire__opportunity__phase__process__completed_on",
        deidentify={"respondent": None, "respondent_key": "", "email": ""},
        unconfirmed=("confirmed_at", "submitted_at", UNCONFIRMED_KEEP_DAYS),
    )
)
registry.register(
    PersonalData(
        model=Answer,
        fields=("pending_text",),
        purpose=_("counting a written answer once its respondent confirms their address"),
        subject_user="response__respondent_id",
        subject_email="response__email",
        retention_anchor="questionnaire__opportunity__phase__process__completed_on",
        deidentify={"pending_text": ""},
    )
)
voice.register()
register_participation(
    "questionnaire",
    lambda opportunity: reverse(
        "surveys:for_opportunity", kwargs={"opportunity_pk": opportunity.pk}
    ),
)
register_process_section(
    order=20,
    template_name="surveys/process_section.html",
    context=sections.process_questionnaires,
)
