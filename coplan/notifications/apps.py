from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "coplan.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from coplan.core.scheduling import register_periodic
        from coplan.privacy.registry import PersonalData, Withdrawable, registry
        from coplan.processes.participation import register_process_section

        from .models import Delivery, DetectorState, Subscriber
        from .views import stay_connected_context

        registry.register(
            PersonalData(
                model=Subscriber,
                fields=("email",),
                purpose=_("sending the news the person subscribed to"),
                subject_user="user_id",
                subject_email="email",
                # Kept while subscribed; de-identified 18 months after unsubscribing. An address
                # that only followed contributions is unsubscribed when their consultation ends
                # (notifications.followups).
                retention_anchor="unsubscribed_at",
                deidentify={"email": "deidentified-{pk}@invalid"},
                export_fields=("language", "frequency", "created_at", "confirmed_at"),
                client_hash_fields=("client_hash",),
                client_hash_anchor="created_at",
            )
        )
        # A mail server's refusal often quotes the recipient's address.
        registry.register(
            PersonalData(
                model=Delivery,
                fields=("last_error",),
                purpose=_("retrying an email that could not be delivered"),
                subject_email="subscriber__email",
                retention_anchor="subscriber__unsubscribed_at",
                deidentify={"last_error": ""},
            )
        )
        registry.exempt(DetectorState, ["name"], reason="the name of an event detector")
        for name, path, every in [
            ("notifications.events_detect", "events_detect", timedelta(minutes=5)),
            ("notifications.deliveries_retry", "deliveries_retry", timedelta(minutes=5)),
            ("notifications.digests_send", "digests_send", timedelta(days=7)),
            # Contribution follow-ups end with their consultation (notifications.followups).
            (
                "notifications.contribution_followups_end",
                "contribution_followups_end",
                timedelta(days=1),
            ),
        ]:
            register_periodic(name, task_path=f"coplan.notifications.tasks.{path}", every=every)
        register_process_section(
            order=900,
            template_name="notifications/process_section.html",
            context=stay_connected_context,
        )
        self._register_contribution_withdrawal(registry, Withdrawable)
        from . import hooks

        hooks.connect()

    @staticmethod
    def _register_contribution_withdrawal(registry, withdrawable) -> None:
        """Let people withdraw their unpublished contributions from their access-request page.

        This belongs with the contributions app; it is wired here (an app above contributions,
        so the import direction holds) until contributions registers it itself.
        """
        from coplan.contributions import models as contributions

        if registry.withdrawables() and any(
            entry.model is contributions.Contribution for entry in registry.withdrawables()
        ):
            return
        registry.register_withdrawable(
            withdrawable(
                model=contributions.Contribution,
                state_field="moderation_state",
                withdrawn_state=contributions.ModerationState.WITHDRAWN,
                transitions=contributions.MODERATION_TRANSITIONS,
                subject_user="author_id",
                subject_email="contact__email",
                describe=lambda c: (c.public_title or c.public_text)[:120],
            )
        )
