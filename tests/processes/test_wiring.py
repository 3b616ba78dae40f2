"""What processes declare to the other apps (processes/wiring.py)."""

from __future__ import annotations

from datetime import timedelta

from coplan.core.scheduling import periodic_jobs
from coplan.privacy.registry import registry
from coplan.processes.models import ContactBlock, VideoBlock


def test_opportunities_follow_their_dates_every_five_minutes():
    jobs = {job.name: job for job in periodic_jobs()}
    job = jobs["processes.opportunities_sync_status"]
    assert job.task_path == "coplan.processes.tasks.opportunities_sync_status"
    assert job.every == timedelta(minutes=5)


def test_the_teams_own_address_and_videos_are_not_personal_data():
    def exempted(model):
        return {field for exemption in registry.exemptions(model) for field in exemption.fields}

    assert exempted(ContactBlock) == {"email"}
    assert {"video_file", "captions_en", "captions_fr", "embed_url"} <= exempted(VideoBlock)
