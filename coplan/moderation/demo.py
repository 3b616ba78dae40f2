"""Demo moderation: the demo moderator approves the demo items marked to be published (so the
audit log holds real decisions), the replies follow, and one published idea carries a report
from the public. Items marked pending stay in the queue. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from coplan.contributions import demo as contributions_demo
from coplan.contributions.models import Contribution, Flag

from .services import contributions_moderate

DEMO_MODERATOR = "moderator@example.org"


def _approve_marked(moderator) -> int:
    ids = list(
        Contribution.objects.filter(
            external_ref__startswith="demo:",
            provenance__demo="publish",
            moderation_state="pending",
        ).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    return contributions_moderate(contribution_ids=ids, action="approve", moderator=moderator)


def load(stdout=None) -> None:
    moderator = get_user_model().objects.filter(email=DEMO_MODERATOR).first()
    if moderator is None or contributions_demo.demo_ideas_opportunity() is None:
        return
    approved = _approve_marked(moderator)
    contributions_demo.replies_load()
    approved += _approve_marked(moderator)
    contributions_demo.supports_load()
    reported = Contribution.objects.filter(
        external_ref="demo:idea:18", moderation_state="published"
    ).first()
    if reported is not None:
        _flag, created = Flag.objects.get_or_create(
            contribution=reported,
            flagger_key="demo:reporter",
            defaults={"note": "Looks like advertising for a company."},
        )
        if created:
            Contribution.objects.filter(pk=reported.pk).update(flag_count=1)
    if stdout is not None:
        stdout.write(f"demo: {approved} contributions approved by the demo moderator")
