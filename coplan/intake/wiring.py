"""What the intake app adds to the others: the personal data of imported contributions, rejects,
import runs and email attachments; its mailbox poll. Read by `core.apps.wire_apps`."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from coplan.core.scheduling import register_periodic
from coplan.privacy.deidentify import masked
from coplan.privacy.registry import PersonalData, registry

from .models import EmailAttachment, ImportReject, ImportRun, IntakeItem, Mailbox

_FIX_AND_REIMPORT = _("letting staff fix and re-import what could not be imported")

registry.register(
    PersonalData(
        model=IntakeItem,
        fields=("handle", "facilitator", "source_url"),
        purpose=_(
            "knowing where an imported contribution came from (social-media "
            "handle, address of the post, facilitator of an in-person session)"
        ),
        subject_user=None,
        subject_email=None,
        retention_anchor="contribution__process__completed_on",
        deidentify={"handle": "", "facilitator": "", "source_url": ""},
    )
)
registry.register(
    PersonalData(
        model=ImportReject,
        fields=("raw", "reason"),
        purpose=_FIX_AND_REIMPORT,
        subject_user=None,
        subject_email=None,
        retention_anchor="run__process__completed_on",
        # A reason may quote the value it refused (an address, a date as written).
        deidentify={"raw": "", "reason": masked("reason")},
    )
)
# The file's name (people name files after whom they are about) and the error, which may quote a
# line of it.
registry.register(
    PersonalData(
        model=ImportRun,
        fields=("filename", "error"),
        purpose=_FIX_AND_REIMPORT,
        retention_anchor="process__completed_on",
        deidentify={"filename": "", "error": masked("error")},
    )
)
# The sender's file: its name and the stored file go (the file is deleted from storage).
registry.register(
    PersonalData(
        model=EmailAttachment,
        fields=("filename", "file"),
        purpose=_("keeping the files people sent with their email for the team to read"),
        retention_anchor="contribution__process__completed_on",
        deidentify={"filename": "", "file": ""},
    )
)
registry.exempt(
    Mailbox,
    ["username"],
    reason="the account of the team's consultation mailbox on its mail server, not a person's",
)
# Each mailbox has its own interval and backoff; this tick only finds the due ones.
register_periodic(
    "intake.mailboxes_poll",
    task_path="coplan.intake.tasks.mailboxes_poll",
    every=timedelta(minutes=1),
)
