"""The one diff engine (diff-match-patch): word diffs for commitments, item alignment and
similarity for the plan's comparison of versions."""

from __future__ import annotations

import random

from coplan.commitments.diff import sequence_diff, similarity, word_diff


def _replay(old: list[str], new: list[str]) -> list[str]:
    """Apply the opcodes to `old`, checking they cover both sequences end to end."""
    out: list[str] = []
    i = j = 0
    for tag, i1, i2, j1, j2 in sequence_diff(old, new):
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert old[i1:i2] == new[j1:j2]
        else:
            assert tag == {(True, True): "replace", (True, False): "delete"}.get(
                (i2 > i1, j2 > j1), "insert"
            )
        out.extend(new[j1:j2])
        i, j = i2, j2
    assert (i, j) == (len(old), len(new))
    return out


def test_sequence_diff_turns_one_sequence_into_the_other():
    rng = random.Random(19)
    words = ["open", "data", "budget", "plan", "citizens", "access", "records"]
    for _ in range(200):
        old = [rng.choice(words) for _ in range(rng.randrange(0, 12))]
        new = [rng.choice(words) for _ in range(rng.randrange(0, 12))]
        assert _replay(old, new) == new


def test_sequence_diff_keeps_what_is_unchanged():
    old = ["Same.", "To be removed.", "Kept too."]
    new = ["Same.", "Kept too.", "Added."]
    assert sequence_diff(old, new) == [
        ("equal", 0, 1, 0, 1),
        ("delete", 1, 2, 1, 1),
        ("equal", 2, 3, 1, 2),
        ("insert", 3, 3, 2, 3),
    ]


def test_similarity_counts_the_words_kept():
    assert similarity("open data for all", "open data for all") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("open data", "") == 0.0
    assert similarity("Publish more data sets.", "Publish many more data sets.") > 0.8
    assert similarity("Publish more data sets.", "A brand new idea.") < 0.4
    # French is compared word by word as English is.
    assert word_diff("Publier des données", "Publier plus de données")[0].text == "Publier "
