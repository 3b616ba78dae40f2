"""The text of a plan version as plain data, and its SHA-256 fingerprint.

A draft version's snapshot is built from its editable sections and the process's commitments as
they are now; a published version's snapshot is read back from its frozen rows. Both give the
same canonical bytes for the same text, so the fingerprint shown on a published page can be
checked by anyone: it is the SHA-256 of the canonical text file the page links to.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .models import FrozenSection, PlanParagraph, PlanSection, PlanVersion

LANGUAGES = ("en", "fr")
# Bumped when the canonical format changes; part of the hashed bytes.
CANONICAL_FORMAT = "coplan-plan-text/1"


@dataclass
class SnapParagraph:
    number: int
    kind: str
    text_en: str
    text_fr: str
    label_en: str = ""
    label_fr: str = ""


@dataclass
class SnapSection:
    key: str
    number: str
    level: int
    heading_en: str
    heading_fr: str
    paragraphs: list[SnapParagraph] = field(default_factory=list)


def split_paragraphs(text: str) -> list[str]:
    """Plain text to paragraphs: blank lines separate them; whitespace-only lines count as blank."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def draft_snapshot(version: PlanVersion) -> list[SnapSection]:
    """The text the draft version would freeze if published now (commitments as they are now)."""
    sections: list[SnapSection] = []
    counter = 0
    plan_sections = PlanSection.objects.filter(version=version).order_by("position", "pk")
    commitment_blocks: list[SnapSection] | None = None
    for index, plan_section in enumerate(plan_sections, start=1):
        section = SnapSection(
            key=plan_section.key,
            number=str(index),
            level=1,
            heading_en=plan_section.heading_en or "",
            heading_fr=plan_section.heading_fr or "",
        )
        english = split_paragraphs(plan_section.body_en or "")
        french = split_paragraphs(plan_section.body_fr or "")
        for text_en, text_fr in zip(english, french, strict=False):
            counter += 1
            section.paragraphs.append(
                SnapParagraph(counter, PlanParagraph.Kind.NARRATIVE, text_en, text_fr)
            )
        sections.append(section)
        if plan_section.kind == PlanSection.Kind.COMMITMENTS:
            if commitment_blocks is None:
                commitment_blocks = commitment_sections(version.plan.process)
            for sub, block in enumerate(commitment_blocks, start=1):
                block.number = f"{index}.{sub}"
                for paragraph in block.paragraphs:
                    counter += 1
                    paragraph.number = counter
                sections.append(block)
            # The commitments appear once, in the first section that asks for them.
            commitment_blocks = []
    return sections


def commitment_sections(process) -> list[SnapSection]:
    """Each commitment in the plan as a section of frozen paragraphs, one per template part."""
    from coplan.commitments.models import Status
    from coplan.commitments.selectors import commitments_for_process

    from .commitment_text import commitment_paragraphs

    # Commitments that made it into the plan; proposals, drafts and withdrawn ones do not.
    in_plan = [Status.IN_DRAFT_PLAN, Status.FINAL, Status.IN_IMPLEMENTATION, Status.COMPLETED]
    blocks = []
    for commitment in commitments_for_process(process, statuses=in_plan):
        block = SnapSection(
            key=f"commitment-{commitment.pk}",
            number="",
            level=2,
            heading_en=f"{commitment.identifier} – {commitment.title_en or commitment.title}",
            heading_fr=f"{commitment.identifier} – {commitment.title_fr or commitment.title}",
        )
        for label_en, label_fr, text_en, text_fr in commitment_paragraphs(commitment):
            block.paragraphs.append(
                SnapParagraph(
                    0, PlanParagraph.Kind.COMMITMENT, text_en, text_fr, label_en, label_fr
                )
            )
        blocks.append(block)
    return blocks


def frozen_snapshot(version: PlanVersion) -> list[SnapSection]:
    """The frozen text of a published version, read back from its rows (two queries)."""
    by_section: dict[int, SnapSection] = {}
    sections = []
    for row in FrozenSection.objects.filter(version=version).order_by("position"):
        section = SnapSection(row.key, row.number, row.level, row.heading_en, row.heading_fr)
        by_section[row.pk] = section
        sections.append(section)
    for row in PlanParagraph.objects.filter(version=version).order_by("position"):
        by_section[row.section_id].paragraphs.append(
            SnapParagraph(
                row.number,
                row.kind,
                row.text_en or "",
                row.text_fr or "",
                row.label_en or "",
                row.label_fr or "",
            )
        )
    return sections


def canonical_bytes(title_en: str, title_fr: str, sections: list[SnapSection]) -> bytes:
    """The version's text as canonical JSON (sorted keys, UTF-8, no spaces): what is hashed."""
    document = {
        "format": CANONICAL_FORMAT,
        "title": {"en": title_en, "fr": title_fr},
        "sections": [
            {
                "key": section.key,
                "number": section.number,
                "level": section.level,
                "heading": {"en": section.heading_en, "fr": section.heading_fr},
                "paragraphs": [
                    {
                        "number": paragraph.number,
                        "kind": paragraph.kind,
                        "label": {"en": paragraph.label_en, "fr": paragraph.label_fr},
                        "text": {"en": paragraph.text_en, "fr": paragraph.text_fr},
                    }
                    for paragraph in section.paragraphs
                ],
            }
            for section in sections
        ],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def fingerprint_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
