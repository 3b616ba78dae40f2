"""What the privacy app adds to the others: the personal data of accounts, of its own requests,
of what signed-in people wrote and of the admin's history; exemptions for framework fields whose
names look personal; its periodic jobs (retention, sessions, client hashes). Read by
`core.apps.wire_apps`."""

from datetime import timedelta

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from coplan.core.scheduling import register_periodic

from .accounts_data import register_accounts
from .deidentify import masked, page_path, provenance_kept, reference_kept
from .exemptions import exempt_all
from .models import AccessRequest, CorrectionRequest, RetentionRun
from .registry import PersonalData, registry

# What was said stays; who said it goes: the link to the account, personal details in the text
# as it was sent (kept whole when the author chose to send it as it is), the page address's
# query, the provenance's file names, Message-IDs and facilitators, and references that lead to
# a person.
AUTHORED_CONTRIBUTION_DEIDENTIFY = {
    "author": None,
    "title": masked("title", "redacted_title"),
    "text": masked("text", "redacted_text"),
    "redacted_title": "",
    "redacted_text": "",
    "provenance": provenance_kept,
    "page_url": page_path,
    "external_ref": reference_kept,
}
AUTHORED_CONTRIBUTION_EXPORT = (
    "process__title",
    "kind",
    "channel",
    "title",
    "text",
    "moderation_state",
    "received_at",
)


def _register_authored_contributions() -> None:
    """What a signed-in person wrote (contributions tied to their account) in their access
    request, and the link to the account cut when the activity's period ends.

    The contributions app registers its contact details but not authorship; the privacy app
    imports no app, so the model is looked up by label. If the contributions app later
    registers the model itself, its entry (registered after this one) takes the place.
    """
    if not apps.is_installed("coplan.contributions"):
        return
    contribution = apps.get_model("contributions", "Contribution")
    if registry.get(contribution) is not None:
        return
    registry.register(
        PersonalData(
            model=contribution,
            fields=tuple(AUTHORED_CONTRIBUTION_DEIDENTIFY),
            purpose=_("recording what a signed-in person contributed"),
            subject_user="author_id",
            retention_anchor="process__completed_on",
            deidentify=AUTHORED_CONTRIBUTION_DEIDENTIFY,
            export_fields=AUTHORED_CONTRIBUTION_EXPORT,
        )
    )


register_accounts(registry)
for _job in ("retention_apply", "sessions_clear", "client_hashes_erase"):
    register_periodic(
        f"privacy.{_job}", task_path=f"coplan.privacy.tasks.{_job}", every=timedelta(days=1)
    )
registry.register(
    PersonalData(
        model=CorrectionRequest,
        fields=("email", "details", "response"),
        purpose=_("answering a request to correct personal information"),
        subject_user="user_id",
        subject_email="email",
        # Kept 18 months after the answer, like any other activity.
        retention_anchor="answered_at",
        deidentify={"email": "", "details": "", "response": ""},
        export_fields=("status", "received_at", "due_on", "answered_at"),
    )
)
registry.register(
    PersonalData(
        model=AccessRequest,
        fields=("email",),
        purpose=_("sending a link to see one's personal information"),
        subject_email="email",
        retention_anchor="requested_at",
        deidentify={"email": ""},
        export_fields=("requested_at", "last_used_at"),
        client_hash_fields=("client_hash",),
        client_hash_anchor="requested_at",
    )
)
_register_authored_contributions()
# The admin's history names what staff changed as the record's str(): a registration's or a
# subscriber's is their name or address. Kept 18 months, like any activity.
registry.register(
    PersonalData(
        model=apps.get_model("admin", "LogEntry"),
        fields=("object_repr",),
        purpose=_("recording what staff changed in the administration pages"),
        retention_anchor="action_time",
        deidentify={"object_repr": ""},
    )
)
exempt_all(registry)
registry.exempt_model(RetentionRun, reason="counts per model, never personal data")
# Framework and core models whose field names look personal but hold no one's data.
registry.exempt("auth.Permission", ["name"], reason="the name of a permission")
registry.exempt("auth.Group", ["name"], reason="the name of a role")
registry.exempt(
    "django_tasks_database.DBTaskResult",
    ["queue_name", "backend_name"],
    reason="names of task queues and backends (tasks receive ids, never addresses)",
)
registry.exempt("core.ScheduledJob", ["name"], reason="the name of a periodic job")
registry.exempt("core.StaffAction", ["view_name"], reason="the name of a page")
registry.exempt(
    "core.OutgoingMail",
    ["key", "claim"],
    reason="which message was sent (its kind, record ids and request time) and the "
    "sending worker's random claim; never an address",
)
registry.exempt(
    "otp_totp.TOTPDevice", ["name"], reason="the label staff give their own second-factor device"
)
registry.exempt(
    "otp_static.StaticDevice", ["name"], reason="the label of a staff member's recovery codes"
)
