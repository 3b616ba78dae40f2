"""The codebook as the analysis pages read it: active themes only, each top-level theme with its
sub-themes in order, and each with its number of confirmed codings."""

from __future__ import annotations

from coplan.analysis.models import Coding, Theme
from coplan.analysis.selectors.codebook import codebook, codebook_with_counts, flat_codebook
from tests.analysis.conftest import corpus_rows, make_contributions


def test_top_level_themes_carry_their_active_sub_themes(process, themes):
    Theme.objects.filter(pk=themes["open-science"].pk).update(is_active=False)
    tops = codebook(process)
    assert all(top.parent_id is None for top in tops)
    by_code = {top.code: top for top in tops}
    subs = [sub.code for sub in by_code["open-information"].subthemes]
    assert subs == ["open-data", "access-to-information"]
    assert all(sub.parent_id == top.pk for top in tops for sub in top.subthemes)


def test_the_flat_codebook_reads_each_top_then_its_subs(process, themes):
    flat = flat_codebook(process)
    assert len(flat) == Theme.objects.filter(process=process, is_active=True).count()
    first = flat[0]
    assert first.parent_id is None
    assert [t.parent_id for t in flat[1 : 1 + len(first.subthemes)]] == [first.pk] * len(
        first.subthemes
    )


def test_another_processs_themes_are_not_read(process, themes):
    from tests.processes.factories import ProcessFactory

    assert codebook(ProcessFactory()) == []


def test_counts_are_the_confirmed_codings_only(process, themes):
    a, b = make_contributions(process, corpus_rows()[:2])
    Coding.objects.create(contribution=a, theme=themes["open-data"])
    Coding.objects.create(contribution=b, theme=themes["open-data"])
    Coding.objects.create(contribution=a, theme=themes["open-science"], confirmed=False)
    counted = {
        theme.code: theme.coded
        for top in codebook_with_counts(process)
        for theme in [top, *top.subthemes]
    }
    assert counted["open-data"] == 2
    assert counted["open-science"] == 0
    assert counted["open-information"] == 0
