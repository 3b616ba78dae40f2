"""Synthetic campaigns for measuring campaign detection: form letters copied exactly, lightly
edited or reordered, shuffled reproducibly by their seed."""

from __future__ import annotations

import random
from collections import Counter

from coplan.analysis.synthetic import FILLER, campaigns, edit, reorder


def test_each_letter_has_its_number_of_copies_among_the_singles():
    texts, truth = campaigns(letters=3, base=4, step=2, singles=["one", "two"])
    assert len(texts) == len(truth) == 2 + 4 + 6 + 8
    assert Counter(truth) == {"": 2, "g0": 4, "g1": 6, "g2": 8}
    assert {t for t, g in zip(texts, truth, strict=True) if not g} == {"one", "two"}


def test_the_same_seed_gives_the_same_set_and_another_seed_another_order():
    assert campaigns(letters=2, seed=3) == campaigns(letters=2, seed=3)
    assert campaigns(letters=2, seed=3)[0] != campaigns(letters=2, seed=4)[0]


def test_copies_are_exact_edited_or_reordered_and_some_add_their_own_paragraph():
    texts, truth = campaigns(letters=1, base=9, step=0, singles=[])
    assert set(truth) == {"g0"}
    # Every third copy is exact and every third reordered: two texts sent three times each.
    assert sorted(Counter(texts).values())[-2:] == [3, 3]
    assert all(text.count("\n\n") == 2 for text in texts)
    texts, _truth = campaigns(letters=1, base=9, step=0, singles=[], own_paragraph_every=2)
    assert sum(1 for text in texts if text.count("\n\n") == 3) == 4  # copies 1, 3, 5, 7


def test_edit_replaces_about_one_word_in_fifteen_and_reorder_moves_the_first_paragraph():
    text = " ".join(f"word{i}" for i in range(45))
    edited = edit(text, random.Random(1)).split(" ")
    changed = [w for w, original in zip(edited, text.split(" "), strict=True) if w != original]
    assert 1 <= len(changed) <= 3 and set(changed) <= set(FILLER)
    assert reorder("A\n\nB\n\nC") == "B\n\nC\n\nA"
    assert edit("one", random.Random(1)) in FILLER
