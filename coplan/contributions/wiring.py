"""What the contributions app adds to the others (read by `core.apps.wire_apps`).

Its personal data for the privacy registry, the support confirmation, the personal parts of
cached pages, the participation pages of ideas and general feedback, the process page's contact
block, and the two kinds of things people comment on: published ideas and feedback calls."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coplan.core.pagecache import register_personal
from coplan.privacy.registry import PersonalData, registry
from coplan.processes.models import Opportunity
from coplan.processes.participation import register_participation, register_process_section

from . import personal, voice
from .commentable import register_commentable
from .confirmation import UNCONFIRMED_KEEP_DAYS
from .contact import contact_section
from .models import Contribution, ContributorContact, Flag, Kind, Support

registry.register(
    PersonalData(
        model=ContributorContact,
        fields=("name", "email"),
        purpose=_("answering the contributor and crediting them if they wish"),
        subject_user="contribution__author_id",
        subject_email="email",
        retention_anchor="contribution__process__completed_on",
        deidentify={"name": "", "email": ""},
    )
)
# Who supported or flagged what is personal too: it is found by account, and the
# link to the account is cut on de-identification (the count stays).
# A flag's note is free text from the public: it may name someone. A support's email
# is the address waiting for confirmation (erased when confirmed; the keyed hash in
# supporter_key then keeps it counted once).
# A support never confirmed is deleted a week after it was asked for.
for model, purpose, key, notes, email, unconfirmed in (
    (
        Support,
        _("counting each person's support for an idea once"),
        "supporter_key",
        ("email", "language"),
        "email",
        ("confirmed_at", "created_at", UNCONFIRMED_KEEP_DAYS),
    ),
    (
        Flag,
        _("letting each person report a contribution once"),
        "flagger_key",
        ("note",),
        None,
        None,
    ),
):
    registry.register(
        PersonalData(
            model=model,
            fields=("user", key, *notes),
            purpose=purpose,
            subject_user="user_id",
            subject_email=email,
            retention_anchor="contribution__process__completed_on",
            deidentify={"user": None, key: "deidentified-{pk}", **dict.fromkeys(notes, "")},
            unconfirmed=unconfirmed,
        )
    )


def idea_list_url(opportunity: Opportunity) -> str:
    return reverse(
        "contributions:idea_list",
        kwargs={"slug": opportunity.phase.process.slug, "opportunity_slug": opportunity.slug},
    )


def feedback_url(opportunity: Opportunity) -> str:
    return reverse(
        "contributions:feedback",
        kwargs={"slug": opportunity.phase.process.slug, "opportunity_slug": opportunity.slug},
    )


voice.register()

register_personal("own_pending_ideas", personal.own_pending_ideas)
register_personal("idea_support", personal.idea_support)

register_participation(Opportunity.Kind.IDEAS, idea_list_url)
register_participation(Opportunity.Kind.FEEDBACK, feedback_url)
# "Contact us at any stage": the last block of the process page.
register_process_section(
    order=1000,
    template_name="contributions/process_contact.html",
    context=contact_section,
)

# Ideas are discussed: people comment on published ideas while their call is open.
register_commentable(
    Contribution,
    process=lambda idea: idea.process,
    opportunity=lambda idea: idea.opportunity,
    visible=lambda queryset: (
        queryset.published()
        .filter(kind=Kind.IDEA)
        .select_related("process", "opportunity__phase__process")
    ),
)
# A general-feedback opportunity is discussed on its own page.
register_commentable(
    Opportunity,
    process=lambda opportunity: opportunity.phase.process,
    opportunity=lambda opportunity: opportunity,
    visible=lambda queryset: queryset.filter(kind=Opportunity.Kind.FEEDBACK).select_related(
        "phase__process"
    ),
)
