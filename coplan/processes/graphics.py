"""Geometry of the engagement-cycle graphic (an SVG whose text version is on the same page)."""

from __future__ import annotations

import math
from dataclasses import dataclass

CENTER = 250
RADIUS = 175
NODE_RADIUS = 68


@dataclass(frozen=True)
class CycleNode:
    phase: object
    number: int
    x: float
    y: float
    is_current: bool


def cycle_nodes(phases: list, current: object | None) -> list[CycleNode]:
    """Place phases clockwise around a circle, the first at the top."""
    count = max(len(phases), 1)
    nodes = []
    for index, phase in enumerate(phases):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        nodes.append(
            CycleNode(
                phase=phase,
                number=index + 1,
                x=round(CENTER + RADIUS * math.cos(angle), 1),
                y=round(CENTER + RADIUS * math.sin(angle), 1),
                is_current=current is not None and phase.pk == current.pk,
            )
        )
    return nodes
