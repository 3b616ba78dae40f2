"""Creating and publishing a "What we heard" report: a frozen snapshot whose figures are the
database's counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count

from coplan.analysis import services
from coplan.analysis.models import (
    Coding,
    Disposition,
    Report,
)
from coplan.contributions.models import Contribution, ModerationState
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions


def _report_fixture(process, themes):
    rows = corpus_rows()[:30]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions[:20], rows[:20], themes)
    letter = (
        "We demand a public beneficial ownership registry for every company in Canada now. "
        "Anonymous shell companies let people hide money laundering and tax evasion."
    )
    campaign = make_contributions(process, [{"text": letter}] * 5, start=100)
    for c in campaign:
        Coding.objects.create(contribution=c, theme=themes["corporate-transparency"])
    make_contributions(process, corpus_rows()[30:33], moderation_state=ModerationState.PENDING)
    services.campaigns_detect(process=process)
    return contributions, campaign


def test_report_numbers_equal_database_counts(process, themes, analyst):
    """Every figure of the snapshot equals a count of the database at that time."""
    _report_fixture(process, themes)
    report = services.report_create(process=process, user=analyst)
    data = report.data
    published = Contribution.objects.filter(process=process, moderation_state="published")
    groups = set(published.exclude(duplicate_group="").values_list("duplicate_group", flat=True))
    voices = published.filter(duplicate_group="").count() + len(groups)
    assert data["totals"]["senders"] == published.count() == 35
    assert data["totals"]["voices"] == voices == 31
    by_channel = dict(published.values_list("channel").annotate(n=Count("pk")))
    assert {r["key"]: r["senders"] for r in data["participation"]["channel"]} == by_channel
    by_province = dict(
        published.exclude(province="").values_list("province").annotate(n=Count("pk"))
    )
    assert {r["key"]: r["senders"] for r in data["participation"]["province"]} == by_province
    assert sum(r["senders"] for r in data["participation"]["month"]) == published.count()
    for row in data["themes"]:
        coded = published.filter(codings__theme_id=row["id"], codings__confirmed=True)
        assert row["senders"] == coded.distinct().count()
        in_groups = set(coded.exclude(duplicate_group="").values_list("duplicate_group", flat=True))
        assert row["voices"] == coded.filter(duplicate_group="").distinct().count() + len(in_groups)
    corporate = next(r for r in data["themes"] if r["code"] == "corporate-transparency")
    assert corporate["senders"] - corporate["voices"] == 4  # the campaign counts once
    assert data["campaigns"]["count"] == 1 and data["campaigns"]["senders"] == 5


def test_report_quotes_are_exact_substrings_of_consented_published_text(process, themes):
    contributions, _campaign = _report_fixture(process, themes)
    Contribution.objects.filter(pk=contributions[0].pk).update(consent_to_publish=False)
    Contribution.objects.filter(pk=contributions[1].pk).update(
        redacted_text="Email [email removed] about open data formats and standards please."
    )
    data = services.report_create(process=process).data
    quoted = 0
    for row in data["themes"]:
        for quote in row["quotes"]:
            stored = Contribution.objects.get(pk=quote["contribution"])
            assert stored.consent_to_publish and stored.moderation_state == "published"
            assert quote["text"] in stored.public_text
            quoted += 1
    assert quoted > 0
    assert all(
        q["contribution"] != contributions[0].pk for r in data["themes"] for q in r["quotes"]
    )


def test_report_snapshot_is_frozen_and_published_once(process, themes):
    _report_fixture(process, themes)
    report = services.report_create(process=process)
    before = report.data["totals"]["senders"]
    make_contributions(process, corpus_rows()[40:45], start=500)
    report.refresh_from_db()
    assert report.data["totals"]["senders"] == before
    services.report_publish(report=report)
    assert Report.objects.get().status == "published"
    with pytest.raises(ValidationError):
        services.report_publish(report=report)


def test_report_what_we_did_shows_responses_or_none(process, themes, analyst):
    contributions, _c = _report_fixture(process, themes)
    first_theme = Coding.objects.filter(contribution=contributions[0]).first().theme
    services.contribution_code(
        contribution=contributions[0],
        themes=[first_theme],
        user=analyst,
        disposition=Disposition.objects.get(code="included"),
        response_en="It became commitment 3.",
    )
    data = services.report_create(process=process).data
    did = next(r for r in data["themes"] if r["id"] == first_theme.pk)["did"]
    assert did["answered"] and did["responses"] == 1
    assert did["dispositions"][0]["count"] == 1
    unanswered = [r for r in data["themes"] if r["id"] != first_theme.pk and r["senders"]]
    assert unanswered and not any(r["did"]["answered"] for r in unanswered)


def test_report_phase_must_be_of_the_process(process, themes):
    from tests.processes.factories import ProcessFactory

    other = ProcessFactory()
    with pytest.raises(ValidationError):
        services.report_create(process=process, phase=other.phases.first())
