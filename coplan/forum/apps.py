from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "coplan.forum"
    label = "forum"
    verbose_name = _("Multi-stakeholder Forum")

    def ready(self) -> None:
        from coplan.privacy.registry import PersonalData, registry
        from coplan.processes.participation import register_process_section

        from . import rules  # noqa: F401 - permissions
        from .models import Evidence, ForumMember, WorkspacePage
        from .sections import process_section

        register_process_section(
            order=80, template_name="forum/process_section.html", context=process_section
        )
        # Forum membership is published (the OGP standards ask for it): the name a member agreed
        # to publish, linked to their account when they have one.
        registry.register(
            PersonalData(
                model=ForumMember,
                fields=("name", "user"),
                purpose="publishing the membership of the Multi-stakeholder Forum",
                subject_user="user_id",
                retention_anchor="forum__process__completed_on",
                deidentify={"name": "—", "user": None},
            )
        )
        registry.register(
            PersonalData(
                model=WorkspacePage,
                fields=("updated_by",),
                purpose="recording who last changed a forum draft",
                subject_user="updated_by_id",
                deidentify={"updated_by": None},
            )
        )
        registry.register(
            PersonalData(
                model=Evidence,
                fields=("added_by",),
                purpose="recording who attached evidence of an OGP requirement",
                subject_user="added_by_id",
                deidentify={"added_by": None},
            )
        )
        from coplan.core.pagecache import invalidate_on

        from .models import Forum, Lesson, Meeting, MeetingDocument

        # The process page shows the forum section: drop cached copies when its data changes.
        invalidate_on(Forum, ForumMember, Meeting, MeetingDocument, Evidence, Lesson)
