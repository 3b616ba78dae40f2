"""What processes add to the others: cached process pages dropped on change, the team's own
published addresses and videos exempted from the privacy registry, and the periodic job that
opens and closes opportunities on their dates (read by `core.apps.wire_apps`)."""

from datetime import timedelta

from coplan.core.pagecache import invalidate_on
from coplan.core.scheduling import register_periodic
from coplan.privacy.registry import registry

from .models import ContactBlock, Opportunity, Phase, Process, StaticPage, VideoBlock

invalidate_on(Process, Phase, Opportunity, StaticPage, VideoBlock, ContactBlock)
registry.exempt(ContactBlock, ["email"], reason="the team's address for the public, not a person's")
registry.exempt(
    VideoBlock,
    ["video_file", "captions_en", "captions_fr", "embed_url"],
    reason="a video the team publishes, its captions and its address",
)

register_periodic(
    "processes.opportunities_sync_status",
    task_path="coplan.processes.tasks.opportunities_sync_status",
    every=timedelta(minutes=5),
)
