"""The fields declared as holding no one's personal information (privacy.exemptions): each names
a field that exists, on a model that is installed, with its reason; and declaring them all makes
those fields covered in a registry of one's own."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from coplan.privacy.exemptions import NOT_PERSONAL, exempt_all
from coplan.privacy.registry import Registry


def test_every_exemption_names_an_installed_model_and_one_of_its_fields():
    stale = []
    for label, fields in NOT_PERSONAL.items():
        model = apps.get_model(label)
        for name in fields:
            try:
                model._meta.get_field(name)
            except FieldDoesNotExist:
                stale.append(f"{label}.{name}")
    assert stale == [], "remove or rename these exemptions: the field is gone"


def test_every_exemption_gives_a_reason_in_words():
    for label, fields in NOT_PERSONAL.items():
        for name, reason in fields.items():
            assert len(reason.split()) >= 3, f"{label}.{name}"


def test_declaring_them_covers_exactly_those_fields():
    registry = Registry()
    exempt_all(registry)
    subscriber = apps.get_model("notifications.Subscriber")
    assert registry.covered_fields(subscriber) == {"token"}
    assert [e.reason for e in registry.exemptions(subscriber)] == [
        NOT_PERSONAL["notifications.Subscriber"]["token"]
    ]
    mailbox = apps.get_model("intake.Mailbox")
    assert registry.covered_fields(mailbox) == set(NOT_PERSONAL["intake.Mailbox"])
    assert not registry.is_model_exempt(mailbox)
