"""Campaigns: near-identical contributions (form letters) grouped for the analyst."""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone

from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from .. import learning, selectors
from ..models import (
    Campaign,
    CampaignMember,
)


@transaction.atomic
def campaigns_detect(*, process: Process) -> list[Campaign]:
    """Group the process's near-duplicate contributions into campaigns (replacing the last run).

    Sets each contribution's duplicate_group (the campaign key, or '' when alone) in bulk and
    records, for each member, the paragraphs it added to the form letter.
    """
    rows = list(
        Contribution.objects.filter(process=process)
        .exclude(moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN])
        .order_by("received_at", "pk")
        .values_list("pk", "text")
    )
    _campaigns_forget(process)
    selectors.queue_counts_forget(process.pk)
    if not rows:
        return []  # nothing to group (and no model can be fitted on no text)
    ids = [pk for pk, _text in rows]
    texts = [text for _pk, text in rows]
    groups = learning.detect_campaigns(texts, published=selectors.published_texts_for(process))
    campaigns = _campaigns_create(process, groups, ids)
    _groups_mark(_members_create(campaigns, groups, ids, texts))
    return list(campaigns.values())


def _groups_mark(by_key: dict[str, list[int]]) -> None:
    """Each member contribution carries its campaign's key (in batches the database takes)."""
    for key, member_ids in by_key.items():
        for start in range(0, len(member_ids), 900):
            batch = member_ids[start : start + 900]
            Contribution.objects.filter(pk__in=batch).update(duplicate_group=key)


def _campaigns_forget(process: Process) -> None:
    """The last run's campaigns go, and no contribution is in one any more."""
    Campaign.objects.filter(process=process).delete()
    Contribution.objects.filter(process=process).exclude(duplicate_group="").update(
        duplicate_group=""
    )


def _campaigns_create(
    process: Process, groups: learning.CampaignGroups, ids: list[int]
) -> dict[int, Campaign]:
    """One campaign per group found, keyed by the group's number, with its size."""
    sizes = Counter(int(number) for number in groups.group if number >= 0)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    campaigns = {
        number: Campaign(
            process=process,
            key=f"c{process.pk}-{stamp}-{number + 1}",
            representative_id=ids[index],
            size=sizes[number],
        )
        for number, index in groups.representative.items()
    }
    Campaign.objects.bulk_create(list(campaigns.values()), batch_size=1000)
    return campaigns


def _members_create(
    campaigns: dict[int, Campaign],
    groups: learning.CampaignGroups,
    ids: list[int],
    texts: list[str],
) -> dict[str, list[int]]:
    """Each member with how close it is to its campaign's letter and what it added to it;
    answers the contribution ids of each campaign, by key."""
    members = []
    by_key: dict[str, list[int]] = {}
    for i, number in enumerate(groups.group):
        if number < 0:
            continue
        campaign = campaigns[int(number)]
        representative = groups.representative[int(number)]
        members.append(
            CampaignMember(
                campaign=campaign,
                contribution_id=ids[i],
                similarity=float(groups.similarity[i]),
                added_text=_added_text(texts, i, representative),
            )
        )
        by_key.setdefault(campaign.key, []).append(ids[i])
    CampaignMember.objects.bulk_create(members, batch_size=2000)
    return by_key


def _added_text(texts: list[str], index: int, representative: int) -> str:
    """What a member added to its campaign's letter (nothing for the letter itself)."""
    if index == representative:
        return ""
    return learning.added_paragraphs(texts[index], texts[representative])
