"""Which cached pages show an idea, and which of them a change drops (issue 21).

An idea shows on its own page, in its call's list and in its process's counts; each is an item
scope of the page cache (`coplan.core.pagecache.item_scope`). During a live consultation
moderators approve ideas several times a second and visitors support them: each such change
drops the pages that show the idea alone, and every other idea's page stays cached.
"""

from __future__ import annotations

from collections.abc import Iterable

from coplan.core.pagecache import (
    bump_items,
    bump_items_at_most_every,
    bump_process_version,
    item_scope,
    process_counts_scope,
)

from .models import Contribution, Kind, ModerationState

# A process's counts follow a stream of decisions at most this late (seconds); the idea's own
# page and its list at once.
COUNTS_DELAY = 10


def idea_scope(idea_pk: int) -> str:
    return item_scope("idea", idea_pk)


def idea_list_scope(opportunity_pk: int) -> str:
    return item_scope("ideas", opportunity_pk)


def _new_idea(contribution: Contribution) -> bool:
    """A pending idea of a call: no public page shows it before the decision."""
    return (
        contribution.kind == Kind.IDEA
        and contribution.opportunity_id is not None
        and contribution.moderation_state == ModerationState.PENDING
    )


def decision_drops_pages(contributions: Iterable[Contribution]) -> None:
    """Drop the cached pages a committed moderation decision changes, given the contributions
    as they were before it. A decision on a new idea drops its page, its call's list and its
    process's counts; any other (a comment shown under an idea, a published idea hidden, which
    other pages may list) drops its process's pages and those tied to no process."""
    contributions = list(contributions)
    new_ideas = [c for c in contributions if _new_idea(c)]
    others = {c.process_id for c in contributions if not _new_idea(c)}
    if others:
        bump_process_version(*others)
    if new_ideas:
        bump_items(
            *{idea_scope(idea.pk) for idea in new_ideas},
            *{idea_list_scope(idea.opportunity_id) for idea in new_ideas},
        )
        for process_id in {idea.process_id for idea in new_ideas}:
            bump_items_at_most_every(COUNTS_DELAY, "decisions", process_counts_scope(process_id))


def support_drops_pages(idea: Contribution, seconds: float) -> None:
    """A support counted (committed): the idea's page and its list show the new count within
    `seconds` (no other page shows it)."""
    items = [idea_scope(idea.pk)]
    if idea.opportunity_id is not None:
        items.append(idea_list_scope(idea.opportunity_id))
    bump_items_at_most_every(seconds, "supports", *items)
