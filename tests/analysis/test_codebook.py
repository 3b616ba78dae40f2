"""The demo codebook and dispositions, and the evaluation corpus labelled with them: two levels,
every name in both languages, every label of the corpus a sub-theme of the codebook."""

from __future__ import annotations

import csv

from coplan.analysis.codebook import DEMO_CODEBOOK, DEMO_DISPOSITIONS, corpus_path


def sub_theme_codes() -> set[str]:
    return {sub[0] for *_top, subs in DEMO_CODEBOOK for sub in subs}


def test_every_theme_and_sub_theme_is_named_and_described_in_both_languages():
    for code, name_en, name_fr, about_en, about_fr, subs in DEMO_CODEBOOK:
        assert code and name_en and name_fr and about_en and about_fr, code
        assert subs, f"{code} has no sub-themes"
        for sub in subs:
            assert len(sub) == 5 and all(sub), sub


def test_codes_are_unique_slugs_across_both_levels():
    codes = [top[0] for top in DEMO_CODEBOOK] + [
        sub[0] for *_t, subs in DEMO_CODEBOOK for sub in subs
    ]
    assert len(codes) == len(set(codes))
    assert all(code == code.lower() and " " not in code for code in codes)


def test_dispositions_are_unique_and_named_in_both_languages():
    codes = [code for code, *_rest in DEMO_DISPOSITIONS]
    assert len(codes) == len(set(codes))
    assert all(en and fr and en != fr for _code, en, fr, _counts in DEMO_DISPOSITIONS)


def test_the_corpus_is_labelled_with_sub_themes_of_the_codebook():
    with open(corpus_path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 100
    known = sub_theme_codes()
    used = set()
    for row in rows:
        assert row["text"].strip()
        labels = set(row["themes"].split(";"))
        assert labels <= known, labels - known
        used |= labels
    assert len(used) >= len(known) // 2
