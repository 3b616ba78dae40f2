"""Campaign detection finds each form letter as one group of exactly its copies.

The 100,000-text bench of 2026-12-07 found 107 groups for 30 letters and campaigns up to 4.8%
too big: texts holding one paragraph of a letter joined its campaign, and pairs of comments
sharing one sentence became campaigns of their own.
"""

from __future__ import annotations

from coplan.analysis.campaign_detection import MIN_CAMPAIGN_SHINGLES, detect_campaigns

PARAGRAPHS = [
    "Every department should publish its contracts over ten thousand dollars within thirty days "
    "of signing them. The public pays for these contracts and has a right to see what was bought.",
    "Briefing notes prepared for ministers should be released by default after five years at the "
    "latest. Too many of them are withheld for reasons that nobody is ever told about.",
    "Finally, the open data portal needs better search and clear descriptions of every dataset it "
    "offers. Many of the files there are out of date and nobody answers questions about them.",
]
LETTER = "\n\n".join(PARAGRAPHS)
OWN = [
    "I am a small business owner in Sherbrooke and I bid on federal work every year.",
    "My students use the portal for their projects and keep hitting broken links there.",
    "As a former public servant I saw how slowly these requests were handled inside.",
]
COPIES = 12


def _copies() -> list[str]:
    edited = LETTER.replace("dollars", "dollars really").replace("nobody", "no one")
    reordered = "\n\n".join(PARAGRAPHS[1:] + PARAGRAPHS[:1])
    texts = []
    for n in range(COPIES):
        kind = n % 4
        if kind == 3:
            texts.append(LETTER + "\n\n" + OWN[n // 4])
        else:
            texts.append((LETTER, edited, reordered)[kind])
    return texts


# One paragraph of the letter with a line of the sender's own: close to the letter, not a copy.
FRAGMENTS = [
    PARAGRAPHS[0] + "\n\nI agree with this part of a letter I read online.",
    PARAGRAPHS[1] + "\n\nThat is all I wanted to say about it.",
    PARAGRAPHS[2] + "\n\nThank you for reading my comment.",
]
SHARED = "The ferry schedule for the islands should be posted online at least a month in advance."
# Two people sharing one sentence, each with their own words around it.
ONE_SENTENCE_IN_COMMON = [
    SHARED + " My family misses appointments because of the changes.",
    "I live on the coast. " + SHARED + " Please also publish delays as they happen today.",
]


def test_a_form_letter_is_one_group_of_exactly_its_copies() -> None:
    texts = _copies() + FRAGMENTS + ONE_SENTENCE_IN_COMMON
    found = detect_campaigns(texts)
    letter_group = found.group[0]
    assert letter_group >= 0
    assert [int(g) for g in found.group[:COPIES]] == [int(letter_group)] * COPIES
    assert [int(g) for g in found.group[COPIES:]] == [-1] * (len(texts) - COPIES)
    assert found.representative == {int(letter_group): 0}


def test_the_copies_are_found_whatever_comes_first() -> None:
    """The group's first text decides nothing: a fragment seen first still stays out."""
    texts = FRAGMENTS + _copies()
    found = detect_campaigns(texts)
    assert (found.group[: len(FRAGMENTS)] == -1).all()
    assert len(set(found.group[len(FRAGMENTS) :])) == 1
    assert found.group[len(FRAGMENTS)] >= 0


def test_a_shared_passage_shorter_than_a_letter_is_not_a_campaign() -> None:
    """The sentence the two comments share is below the letter minimum; the same two comments
    sharing two paragraphs of the letter are grouped."""
    assert len(SHARED.split()) - 2 < MIN_CAMPAIGN_SHINGLES
    assert (detect_campaigns(ONE_SENTENCE_IN_COMMON).group == -1).all()
    sharing_paragraphs = [
        PARAGRAPHS[0] + " " + PARAGRAPHS[1] + "\n\nMy family misses appointments.",
        "I live on the coast.\n\n" + PARAGRAPHS[0] + " " + PARAGRAPHS[1],
    ]
    found = detect_campaigns(sharing_paragraphs)
    assert found.group[0] == found.group[1] >= 0
