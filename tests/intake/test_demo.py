"""The intake demo: every channel through the real importers, once; the 4th plan's files (its
moderator decides them later, analysis.demo) and the current process's, dated in its running
phase and left pending for the moderation queue."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from coplan.contributions.models import Contribution, ContributorContact
from coplan.intake import demo
from coplan.intake.models import EmailAttachment, ImportRun, IntakeItem
from coplan.processes import demo as processes_demo

pytestmark = pytest.mark.django_db


def test_demo_imports_every_channel_pending_and_twice_adds_nothing():
    process = processes_demo.load()
    out = StringIO()
    every_run = demo.load(stdout=out)
    runs = [run for run in every_run if run.process_id == process.pk]
    assert [run.state for run in every_run] == ["done"] * 6, [run.error for run in every_run]
    assert [run.rejected_count for run in every_run] == [0] * 6
    corpus = Contribution.objects.filter(process=process, provenance__run__in=[r.pk for r in runs])
    by_channel = {
        channel: corpus.filter(channel=channel).count()
        for channel in ("email", "social", "in_person")
    }
    assert by_channel == {"email": 4, "social": 6, "in_person": 5}
    assert set(corpus.values_list("moderation_state", flat=True)) == {"pending"}
    assert {"en", "fr", "other"} <= set(corpus.values_list("language", flat=True))
    assert "demo-inbox.mbox: 4 imported" in out.getvalue()

    # The ISO-8859-1 message: decoded, its Windows-1252 subject too, its signature trimmed.
    water = corpus.get(external_ref__contains="eau-potable")
    assert water.title == "Données sur l’eau potable" and water.language == "fr"
    assert "Premières Nations" in water.text and "Québec" not in water.text
    # The attachment's text joins the contribution; the file is kept for staff.
    brief = corpus.get(external_ref__contains="memoire")
    assert "20 jours" in brief.text
    assert EmailAttachment.objects.get(contribution=brief).filename.endswith(".txt")
    # The quoted reply is trimmed; the sender is in the registered contact, not the text.
    contracts = corpus.get(external_ref__contains="open-contracting")
    assert "draft themes" not in contracts.text and "jordan.example" not in contracts.text
    assert ContributorContact.objects.get(contribution=contracts).email == (
        "jordan.example@example.org"
    )
    # The phone number in a post is masked for the public; the handle is in IntakeItem.
    post = corpus.get(external_ref="facebook:1710442202")
    assert "613-555-0142" not in post.public_text
    assert IntakeItem.objects.get(contribution=post).handle == "Marie Exemple"
    assert corpus.get(external_ref="twitter:940233190660004").language == "other"

    # The current process's: one file per channel, pending, received in its running phase.
    current = processes_demo.current_process()
    received = Contribution.objects.filter(process=current, provenance__run__isnull=False)
    assert set(received.values_list("channel", flat=True)) == {"email", "social", "in_person"}
    assert set(received.values_list("moderation_state", flat=True)) == {"pending"}
    assert {"en", "fr"} <= set(received.values_list("language", flat=True))
    phase = current.current_phase()
    assert {c.phase_id for c in received} == {phase.pk}
    assert all(phase.starts_on <= c.received_at.date() <= timezone.localdate() for c in received)

    counts = (ImportRun.objects.count(), Contribution.objects.count())
    assert demo.load() == []
    assert (ImportRun.objects.count(), Contribution.objects.count()) == counts


def test_demo_files_ship_with_the_package():
    for name in (demo.MBOX, demo.SOCIAL, demo.NOTES):
        assert (demo.FIXTURES / name).stat().st_size > 0
