"""Volunteers: the public offer to co-lead or facilitate a session of a process, answered once by
staff with a reply emailed in the person's language; the offer is personal information (registry,
access export, retention)."""

from __future__ import annotations

import datetime

import pytest

from coplan.events.models import VolunteerOffer
from coplan.privacy.registry import registry
from coplan.privacy.selectors import Subject, subject_sections
from coplan.privacy.services import retention_run
from tests.events.helpers import OFFER, _offer

pytestmark = pytest.mark.django_db


class TestPrivacy:
    def test_the_registry_declares_every_personal_field(self):
        """Name, email, offer, place, reply and account: declared, with a retention anchor."""
        entry = registry.get(VolunteerOffer)
        assert entry is not None and entry.retention_anchor == "process__completed_on"
        assert registry.uncovered_fields(VolunteerOffer) == []

    def test_the_offer_is_in_the_persons_access_export(self, process):
        """An access request by email finds the offer, with what was offered."""
        _offer(process)
        sections = subject_sections(Subject(email="dominique@example.org"))
        (section,) = [s for s in sections if s.label == "events.VolunteerOffer"]
        assert section.rows[0]["offer"] == OFFER["offer"]

    def test_retention_erases_the_offer_after_the_process_closes(self, process):
        """Past the process's retention period: every personal field is erased."""
        volunteer = _offer(process, language="fr")
        volunteer.reply = "Merci, Dominique."
        volunteer.save()
        process.completed_on = datetime.date(2020, 1, 31)
        process.save(update_fields=["completed_on"])
        retention_run(today=datetime.date(2030, 1, 1))
        volunteer.refresh_from_db()
        assert volunteer.deidentified_at is not None
        assert (volunteer.name, volunteer.offer, volunteer.city, volunteer.reply) == ("",) * 4
        assert volunteer.email == f"deidentified-{volunteer.pk}@invalid"
