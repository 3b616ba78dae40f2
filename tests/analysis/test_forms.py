"""Input shapes of the analysis pages: filters that accept only their choices, the coding form's
text rules, and the split form's one-theme-a-line syntax, each refusal said in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.analysis.forms import (
    SPLIT_MAX_PARTS,
    CodingForm,
    DiscoverForm,
    MergeForm,
    QueueFilterForm,
    ReportCreateForm,
    SplitForm,
    ThemeForm,
)
from coplan.analysis.models import Theme
from coplan.analysis.search import SEARCH_MAX_LENGTH


def test_queue_filters_accept_their_choices_and_refuse_others(process, themes):
    phase = process.phases.first()
    theme = themes["open-data"]
    kwargs = {"phases": [phase], "themes": [theme]}
    form = QueueFilterForm(
        {"q": "budget", "state": "coded", "phase": str(phase.pk), "theme": str(theme.pk)}, **kwargs
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["phase"] == phase.pk and form.cleaned_data["theme"] == theme.pk
    assert form.cleaned_data["opportunity"] is None
    bad = QueueFilterForm(
        {"state": "maybe", "channel": "fax", "phase": "999999", "q": "x" * (SEARCH_MAX_LENGTH + 1)},
        **kwargs,
    )
    assert not bad.is_valid()
    assert set(bad.errors) == {"state", "channel", "phase", "q"}


@pytest.mark.parametrize(
    ("language", "all_themes"), [("en", "All themes"), ("fr", "Tous les thèmes")]
)
def test_queue_filter_choices_read_in_the_pages_language(process, language, all_themes):
    with translation.override(language):
        form = QueueFilterForm()
        assert str(form.fields["theme"].choices[0][1]) == all_themes


def test_coding_form_cleans_its_texts_and_offers_only_the_given_themes(process, themes):
    offered = [themes["open-data"], themes["open-science"]]
    form = CodingForm(
        {
            "themes": [str(offered[0].pk)],
            "primary_theme": str(offered[0].pk),
            "note": "  À vérifier\u200b  ",
            "response_fr": "Intégré au plan.",
        },
        themes=offered,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["themes"] == [offered[0].pk]
    assert form.cleaned_data["note"].strip() == form.cleaned_data["note"]
    other = themes["fiscal-transparency"]
    bad = CodingForm({"themes": [str(other.pk)], "note": "bad \x00 null"}, themes=offered)
    assert not bad.is_valid() and set(bad.errors) == {"themes", "note"}


def test_theme_form_offers_only_the_processs_active_top_level_themes(process, themes):
    form = ThemeForm(process=process)
    parents = set(form.fields["parent"].queryset)
    assert parents and all(t.parent_id is None and t.process == process for t in parents)
    assert themes["open-data"] not in parents  # a sub-theme cannot be a parent
    assert not ThemeForm({"code": "Not a slug!", "name_en": "A", "name_fr": "B"}).is_valid()


def test_merge_form_offers_the_other_active_themes_of_the_process(themes):
    theme = themes["open-data"]
    Theme.objects.filter(pk=themes["open-science"].pk).update(is_active=False)
    targets = set(MergeForm(theme=theme).fields["target"].queryset)
    assert theme not in targets and themes["open-science"] not in targets
    assert themes["fiscal-transparency"] in targets


def test_split_form_reads_one_theme_a_line():
    form = SplitForm({"parts": "budget | Budget | Budget\n\n  contracts|Contracts|Contrats  \n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["parts"] == [
        {"code": "budget", "name_en": "Budget", "name_fr": "Budget"},
        {"code": "contracts", "name_en": "Contracts", "name_fr": "Contrats"},
    ]


@pytest.mark.parametrize(
    ("parts", "english", "french"),
    [
        ("one | One | Un", "between 2 and 6", "de 2 à 6"),
        ("\n".join(f"c{n} | C | C" for n in range(SPLIT_MAX_PARTS + 1)), "between 2", "de 2 à"),
        ("a | A | A\nb | B", "Line 2 needs", "ligne 2"),
        ("a | A | A\nb |  | B", "Line 2 needs", "ligne 2"),
        ("a b | A | A\nb | B | B", "Line 1: the code", "ligne 1"),
    ],
)
def test_split_form_says_which_line_is_wrong_in_both_languages(parts, english, french):
    for language, words in (("en", english), ("fr", french)):
        with translation.override(language):
            form = SplitForm({"parts": parts})
            assert not form.is_valid()
            assert words.lower() in str(form.errors["parts"][0]).lower()


def test_discover_and_report_forms_keep_to_their_bounds(process):
    assert DiscoverForm({"seed": "0", "topics": "8"}).is_valid()
    assert set(DiscoverForm({"seed": "-1", "topics": "21"}).errors) == {"seed", "topics"}
    phase = process.phases.first()
    form = ReportCreateForm({"phase": ""}, phases=[phase])
    assert form.is_valid() and form.cleaned_data["phase"] is None
    assert not ReportCreateForm({"phase": "999999"}, phases=[phase]).is_valid()
