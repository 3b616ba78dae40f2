"""What the forum adds to the others: its process-page section, its published and recorded
personal data for the privacy registry, and the signals that drop the process page's cached
forum block when forum data changes (read by `core.apps.wire_apps`)."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from coplan.privacy.registry import PersonalData, registry
from coplan.processes.participation import register_process_section

from . import rules  # noqa: F401 - permissions
from .models import (
    Attendance,
    Evidence,
    Forum,
    ForumMember,
    Lesson,
    Meeting,
    MeetingDocument,
    WorkspacePage,
    WorkspacePageVersion,
)
from .sections import forum_data_changed, process_section

# After open data's section (80): the forum block closes the page's body.
register_process_section(
    order=85, template_name="forum/process_section.html", context=process_section
)
# Forum membership is published (the OGP standards ask for it): the name a member agreed
# to publish, linked to their account when they have one.
registry.register(
    PersonalData(
        model=ForumMember,
        fields=("name", "user"),
        purpose=_("publishing the membership of the Multi-stakeholder Forum"),
        subject_user="user_id",
        retention_anchor="forum__process__completed_on",
        deidentify={"name": "—", "user": None},
    )
)
registry.register(
    PersonalData(
        model=WorkspacePage,
        fields=("updated_by",),
        purpose=_("recording who last changed a forum draft"),
        subject_user="updated_by_id",
        deidentify={"updated_by": None},
    )
)
registry.register(
    PersonalData(
        model=WorkspacePageVersion,
        fields=("saved_by",),
        purpose=_("keeping who wrote each earlier text of a forum draft"),
        subject_user="saved_by_id",
        deidentify={"saved_by": None},
    )
)
registry.register(
    PersonalData(
        model=Evidence,
        fields=("added_by",),
        purpose=_("recording who attached evidence of an OGP requirement"),
        subject_user="added_by_id",
        deidentify={"added_by": None},
    )
)

# The process page shows the forum block (cached pages, cached compliance summary):
# drop both when forum data changes.
for model in (Forum, ForumMember, Meeting, MeetingDocument, Attendance, Evidence, Lesson):
    for signal in (post_save, post_delete):
        signal.connect(
            forum_data_changed,
            sender=model,
            weak=False,
            dispatch_uid=f"forum-changed-{signal is post_save}-{model._meta.label}",
        )
