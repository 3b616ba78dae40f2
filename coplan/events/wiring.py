"""What sessions add to the others: registrants' and volunteers' personal data for the privacy
registry, the sessions participation page, three process-page sections, the listener that
emails a decision on a proposed session, and the signals that drop cached pages when a session
changes (read by `core.apps.wire_apps`)."""

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coplan.contributions.decisions import register_decision_listener
from coplan.contributions.models import Kind
from coplan.privacy.registry import PersonalData, registry
from coplan.processes.participation import register_participation, register_process_section

from . import rules, sections  # noqa: F401 - rules registers the permissions
from .models import Event, Registration, VolunteerOffer
from .proposals import proposals_decided

registry.register(
    PersonalData(
        model=Registration,
        fields=("name", "email", "accessibility_needs", "user"),
        purpose=_("organising a session: confirmation, waitlist, cancellation, access needs"),
        subject_user="user_id",
        subject_email="email",
        retention_anchor="event__opportunity__phase__process__completed_on",
        deidentify={
            "name": "",
            "email": "deidentified-{pk}@invalid",
            "accessibility_needs": "",
            "user": None,
        },
    )
)
registry.register(
    PersonalData(
        model=VolunteerOffer,
        # Staff's reply is addressed to the person by name: erased with the rest.
        fields=("name", "email", "offer", "city", "province", "reply", "user"),
        purpose=_("answering an offer to co-lead or facilitate sessions"),
        subject_user="user_id",
        subject_email="email",
        retention_anchor="process__completed_on",
        deidentify={
            "name": "",
            "email": "deidentified-{pk}@invalid",
            "offer": "",
            "city": "",
            "province": "",
            "reply": "",
            "user": None,
        },
        export_fields=("process__slug", "role", "status", "created_at"),
    )
)
registry.exempt(
    Event,
    ["venue_name", "venue_name_en", "venue_name_fr", "venue_address"],
    reason="the public venue of a session, not a person's",
)
register_participation(
    "sessions",
    lambda opportunity: reverse("events:list") + f"?opportunity={opportunity.pk}",
)
register_process_section(
    order=30,
    template_name="events/process_section.html",
    context=sections.process_upcoming_sessions,
)
register_process_section(
    order=31,
    template_name="events/process_volunteer.html",
    context=sections.process_volunteer,
)
register_process_section(
    order=32,
    template_name="events/process_propose.html",
    context=sections.process_propose_session,
)
# A moderator's decision on a proposed session is emailed to whoever proposed it.
register_decision_listener(Kind.SESSION_PROPOSAL, "events.proposals_decided", proposals_decided)

for signal in (post_save, post_delete):
    signal.connect(
        sections.event_changed,
        sender=Event,
        weak=False,
        dispatch_uid=f"events-pagecache-{signal is post_save}",
    )
