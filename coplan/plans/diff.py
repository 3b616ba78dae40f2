"""What changed between the review draft and the final plan, section by section.

Sections are matched by their stable key. Within a section, paragraphs are aligned on their text
in both languages: equal runs are unchanged; in a replaced run, paragraphs are paired in order
when they are similar enough (reworded), the rest are added or removed. Alignment and similarity
come from the project's one diff engine (commitments.diff, diff-match-patch). Pure functions over
already-loaded rows: no queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coplan.commitments.diff import sequence_diff, similarity

from .models import FrozenSection, PlanParagraph

# Below this similarity two paragraphs are a removal and an addition, not a rewording.
REWORDED_MIN_RATIO = 0.4


class Change:
    ADDED = "added"
    REMOVED = "removed"
    REWORDED = "reworded"
    UNCHANGED = "unchanged"


@dataclass
class ParagraphChange:
    kind: str
    old: PlanParagraph | None
    new: PlanParagraph | None
    explanation: object | None = None

    @property
    def key(self) -> str:
        return f"{self.old.pk if self.old else 0}-{self.new.pk if self.new else 0}"


@dataclass
class SectionChange:
    key: str
    old: FrozenSection | None
    new: FrozenSection | None
    changes: list[ParagraphChange] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.old is None:
            return Change.ADDED
        if self.new is None:
            return Change.REMOVED
        heading_changed = (self.old.heading_en, self.old.heading_fr) != (
            self.new.heading_en,
            self.new.heading_fr,
        )
        if heading_changed or any(c.kind != Change.UNCHANGED for c in self.changes):
            return Change.REWORDED
        return Change.UNCHANGED

    @property
    def counts(self) -> dict[str, int]:
        counts = {Change.ADDED: 0, Change.REMOVED: 0, Change.REWORDED: 0}
        for change in self.changes:
            if change.kind in counts:
                counts[change.kind] += 1
        return counts

    @property
    def section(self) -> FrozenSection:
        return self.new or self.old


def _text(paragraph: PlanParagraph) -> str:
    return f"{paragraph.label_en}\n{paragraph.text_en}\n{paragraph.label_fr}\n{paragraph.text_fr}"


def _similarity(a: PlanParagraph, b: PlanParagraph) -> float:
    return similarity(_text(a), _text(b))


def _paragraph_changes(old: list[PlanParagraph], new: list[PlanParagraph]) -> list[ParagraphChange]:
    changes: list[ParagraphChange] = []
    for tag, i1, i2, j1, j2 in sequence_diff([_text(p) for p in old], [_text(p) for p in new]):
        if tag == "equal":
            changes.extend(
                ParagraphChange(Change.UNCHANGED, a, b)
                for a, b in zip(old[i1:i2], new[j1:j2], strict=True)
            )
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        # Pair in order while similar; what is left over was removed or added.
        while removed and added:
            if _similarity(removed[0], added[0]) >= REWORDED_MIN_RATIO:
                changes.append(ParagraphChange(Change.REWORDED, removed.pop(0), added.pop(0)))
            elif len(removed) >= len(added):
                changes.append(ParagraphChange(Change.REMOVED, removed.pop(0), None))
            else:
                changes.append(ParagraphChange(Change.ADDED, None, added.pop(0)))
        changes.extend(ParagraphChange(Change.REMOVED, p, None) for p in removed)
        changes.extend(ParagraphChange(Change.ADDED, None, p) for p in added)
    return changes


def compare_versions(
    old_sections: list[FrozenSection],
    old_paragraphs: list[PlanParagraph],
    new_sections: list[FrozenSection],
    new_paragraphs: list[PlanParagraph],
) -> list[SectionChange]:
    """Section-by-section changes, in the final plan's order, removed sections where they were."""
    old_groups, new_groups = _by_section(old_paragraphs), _by_section(new_paragraphs)
    old_by_key = {section.key: section for section in old_sections}
    removed_after = _removed_after(old_sections, {section.key for section in new_sections})
    result = _removed(removed_after.get(None, []), old_groups)
    for section in new_sections:
        new = new_groups.get(section.pk, [])
        old = old_by_key.get(section.key)
        if old is None:
            result.append(SectionChange(section.key, None, section, _all(Change.ADDED, new)))
        else:
            changes = _paragraph_changes(old_groups.get(old.pk, []), new)
            result.append(SectionChange(section.key, old, section, changes))
        result.extend(_removed(removed_after.get(section.key, []), old_groups))
    return result


def _removed(
    sections: list[FrozenSection], paragraphs: dict[int, list[PlanParagraph]]
) -> list[SectionChange]:
    return [
        SectionChange(s.key, s, None, _all(Change.REMOVED, paragraphs.get(s.pk, [])))
        for s in sections
    ]


def _by_section(paragraphs: list[PlanParagraph]) -> dict[int, list[PlanParagraph]]:
    groups: dict[int, list[PlanParagraph]] = {}
    for paragraph in paragraphs:
        groups.setdefault(paragraph.section_id, []).append(paragraph)
    return groups


def _removed_after(
    old_sections: list[FrozenSection], kept: set[str]
) -> dict[str | None, list[FrozenSection]]:
    """The draft's removed sections, each under the last kept section that preceded it (None:
    before any), where they are shown."""
    removed_after: dict[str | None, list[FrozenSection]] = {}
    previous_kept: str | None = None
    for section in old_sections:
        if section.key in kept:
            previous_kept = section.key
        else:
            removed_after.setdefault(previous_kept, []).append(section)
    return removed_after


def _all(change: str, paragraphs: list[PlanParagraph]) -> list[ParagraphChange]:
    """Every paragraph of a section added or removed whole."""
    if change == Change.ADDED:
        return [ParagraphChange(change, None, p) for p in paragraphs]
    return [ParagraphChange(change, p, None) for p in paragraphs]
