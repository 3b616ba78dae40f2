"""The back office's forms: mailboxes the intake reads."""

from __future__ import annotations

from django import forms

from coplan.intake.models import Mailbox
from coplan.processes.models import Process


class MailboxForm(forms.ModelForm):
    """A mailbox's settings. No password field: the password stays in the server's
    environment, and the form names only the variable that holds it."""

    class Meta:
        model = Mailbox
        fields = [
            "process",
            "label",
            "host",
            "port",
            "security",
            "username",
            "password_env",
            "folder",
            "poll_every_minutes",
            "active",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.order_by("-starts_on", "pk")
        self.fields["process"].empty_label = None

    def pairs(self) -> list:
        return []

    def single_fields(self) -> list[forms.BoundField]:
        return list(self)
