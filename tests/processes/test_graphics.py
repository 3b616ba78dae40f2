"""The geometry of the engagement-cycle graphic (processes.graphics): phases clockwise around a
circle from the top, numbered from one, the current one marked."""

from __future__ import annotations

import pytest

from coplan.processes.graphics import CENTER, RADIUS, cycle_nodes

pytestmark = pytest.mark.django_db


def test_six_phases_go_clockwise_from_the_top_and_the_current_one_is_marked(process):
    phases = list(process.phases.order_by("position"))
    nodes = cycle_nodes(phases, current=phases[2])
    assert [node.number for node in nodes] == [1, 2, 3, 4, 5, 6]
    assert [node.phase for node in nodes] == phases
    assert [node.is_current for node in nodes] == [False, False, True, False, False, False]
    top, right_upper, right_lower, bottom = nodes[0], nodes[1], nodes[2], nodes[3]
    assert (top.x, top.y) == (CENTER, CENTER - RADIUS)
    assert (bottom.x, bottom.y) == (CENTER, CENTER + RADIUS)
    # Clockwise on screen: y grows downwards, so the second phase is right of and below the top.
    assert right_upper.x > CENTER and right_upper.y < CENTER < right_lower.y
    assert all(node.x < CENTER for node in nodes[4:])
    # Every node is on the circle, to the rounding of one decimal.
    for node in nodes:
        assert abs((node.x - CENTER) ** 2 + (node.y - CENTER) ** 2 - RADIUS**2) < RADIUS


def test_no_current_phase_and_no_phases(process):
    phases = list(process.phases.order_by("position"))
    assert not any(node.is_current for node in cycle_nodes(phases, current=None))
    assert cycle_nodes([], current=None) == []
    (single,) = cycle_nodes(phases[:1], current=phases[0])
    assert (single.x, single.y, single.is_current) == (CENTER, CENTER - RADIUS, True)
