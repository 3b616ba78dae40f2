"""Analysis use cases: codebook, coding, suggestions, campaigns, topics, reports."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count

from coplan.analysis import selectors, services
from coplan.analysis.models import (
    Campaign,
    CampaignMember,
    Coding,
    ContributionAssessment,
    Disposition,
    RejectedSuggestion,
    Report,
    Theme,
    TrainedModel,
)
from coplan.contributions.models import Contribution, ModerationState
from tests.analysis.conftest import code_from_labels, corpus_rows, make_contributions


def test_codebook_has_two_levels_only(process, themes):
    sub = themes["open-data"]
    with pytest.raises(ValidationError):
        services.theme_create(
            process=process, code="too-deep", name_en="Deep", name_fr="Profond", parent=sub
        )
    assert not Theme.objects.filter(code="too-deep").exists()


def test_theme_needs_both_languages(process):
    with pytest.raises(ValidationError):
        services.theme_create(process=process, code="x", name_en="X", name_fr="")


def test_merge_keeps_every_coding(process, themes, analyst):
    """Merging moves codings; a contribution coded with both keeps one confirmed coding."""
    rows = corpus_rows()[:3]
    a, b, c = make_contributions(process, rows)
    source, target = themes["open-science"], themes["open-data"]
    Coding.objects.create(contribution=a, theme=source)
    Coding.objects.create(contribution=b, theme=source)
    Coding.objects.create(contribution=b, theme=target, source="machine", confirmed=False)
    Coding.objects.create(contribution=c, theme=target)
    services.theme_merge(source=source, target=target)
    assert set(Coding.objects.filter(theme=target).values_list("contribution_id", "confirmed")) == {
        (a.pk, True),
        (b.pk, True),
        (c.pk, True),
    }
    source.refresh_from_db()
    assert not source.is_active and source.merged_into == target
    with pytest.raises(ValidationError):
        services.theme_merge(source=target, target=target)


def test_split_keeps_codings_and_moves_assigned_ones(process, themes):
    rows = corpus_rows()[:2]
    a, b = make_contributions(process, rows)
    theme = themes["fiscal-transparency"]
    Coding.objects.create(contribution=a, theme=theme)
    Coding.objects.create(contribution=b, theme=theme)
    parts = [
        {"code": "budget", "name_en": "Budget", "name_fr": "Budget"},
        {"code": "contracts", "name_en": "Contracts", "name_fr": "Contrats"},
    ]
    created = services.theme_split(theme=theme, parts=parts, assignments={a.pk: ["contracts"]})
    assert [t.parent_id for t in created] == [theme.parent_id] * 2
    assert Coding.objects.filter(contribution=a, theme__code="contracts").exists()
    assert not Coding.objects.filter(contribution=a, theme=theme).exists()
    assert Coding.objects.filter(contribution=b, theme=theme).exists()
    with pytest.raises(ValidationError):
        services.theme_split(theme=theme, parts=parts[:1], assignments={})


def test_contribution_code_confirms_and_rejects_suggestions(process, themes, analyst):
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    Coding.objects.create(
        contribution=contribution,
        theme=themes["open-data"],
        source="machine",
        confirmed=False,
        confidence=0.8,
    )
    Coding.objects.create(
        contribution=contribution,
        theme=themes["open-science"],
        source="machine",
        confirmed=False,
        confidence=0.4,
    )
    disposition = Disposition.objects.get(code="included")
    services.contribution_code(
        contribution=contribution,
        themes=[themes["open-data"], themes["access-to-information"]],
        user=analyst,
        disposition=disposition,
        note="Strong idea",
        response_en="Included as commitment 1.",
    )
    codings = {c.theme.code: c for c in Coding.objects.filter(contribution=contribution)}
    assert set(codings) == {"open-data", "access-to-information"}
    assert codings["open-data"].source == "machine" and codings["open-data"].confirmed
    assert codings["open-data"].confidence == 0.8
    assert codings["access-to-information"].source == "human"
    assert RejectedSuggestion.objects.filter(
        contribution=contribution, theme=themes["open-science"]
    ).exists()
    assessment = ContributionAssessment.objects.get(contribution=contribution)
    assert assessment.disposition == disposition and assessment.note == "Strong idea"


def test_contribution_code_refuses_bad_input_and_stores_nothing(process, themes, analyst):
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    with pytest.raises(ValidationError):
        services.contribution_code(
            contribution=contribution, themes=[themes["open-data"]], user=analyst, note="x" * 3000
        )
    assert not Coding.objects.exists() and not ContributionAssessment.objects.exists()


def test_translation_rules(process, analyst):
    (contribution,) = make_contributions(process, [{"text": "Open data please", "language": "en"}])
    services.translation_save(
        contribution=contribution, language="fr", text="Des données ouvertes svp", user=analyst
    )
    services.translation_save(
        contribution=contribution, language="fr", text="Données ouvertes, svp", user=analyst
    )
    assert contribution.translations.get().text == "Données ouvertes, svp"
    with pytest.raises(ValidationError):
        services.translation_save(contribution=contribution, language="en", text="x", user=analyst)
    with pytest.raises(ValidationError):
        services.translation_save(contribution=contribution, language="fr", text="  ", user=analyst)


def test_campaigns_detect_sets_groups_and_own_text(process):
    letter = (
        "Please create a public registry of the owners of companies in Canada.\n\n"
        "Anonymous companies hide money laundering, tax evasion and corruption everywhere. "
        "Journalists and police need to see who really owns and controls each company."
    )
    rows = [{"text": letter} for _ in range(4)]
    rows.append({"text": letter + "\n\nMy own street has empty houses owned by numbered firms."})
    rows.append({"text": letter.replace("Please create", "Kindly create")})
    rows += [{"text": r["text"]} for r in corpus_rows()[:20]]
    contributions = make_contributions(process, rows)
    found = services.campaigns_detect(process=process)
    assert len(found) == 1 and found[0].size == 6
    grouped = Contribution.objects.exclude(duplicate_group="")
    assert grouped.count() == 6
    assert set(grouped.values_list("duplicate_group", flat=True)) == {found[0].key}
    own = CampaignMember.objects.get(contribution=contributions[4])
    assert own.added_text == "My own street has empty houses owned by numbered firms."
    services.campaigns_detect(process=process)  # again: replaced, not doubled
    assert Campaign.objects.count() == 1


def test_languages_tag_only_unknown(process):
    a, b = make_contributions(
        process,
        [
            {
                "text": "Le gouvernement devrait publier ses données ouvertes.",
                "language": "unknown",
            },
            {"text": "Publish the data please, all of it.", "language": "fr"},
        ],
    )
    assert services.languages_tag(process=process) == 1
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.language, b.language) == ("fr", "fr")


@pytest.mark.slow
def test_suggestions_train_measures_and_suggests(process, corpus):
    contributions, rows = corpus
    trained = services.suggestions_train(process=process)
    assert trained.metrics["macro_f1"] > 0.3
    assert selectors.current_quality(process).pk == trained.pk
    suggested = Coding.objects.filter(confirmed=False, source="machine")
    assert suggested.exists()
    assert set(suggested.values_list("contribution_id", flat=True)) <= {
        c.pk for c in contributions[90:]
    }
    assert all(0 < c <= 1 for c in suggested.values_list("confidence", flat=True))


def test_suggestions_need_enough_examples(process, themes):
    assert services.suggestions_train(process=process) is None
    assert not TrainedModel.objects.exists()


def test_rejection_risk(process):
    rows = corpus_rows()[:40]
    published = make_contributions(process, rows)
    spam = make_contributions(
        process,
        [
            {"text": f"BUY CHEAP PILLS NOW at cheap-pills number {i} click here!!!"}
            for i in range(12)
        ],
        start=100,
        moderation_state=ModerationState.REJECTED,
    )
    assert selectors.rejection_risk_for(published[:2]) == {}
    assert services.moderation_model_train() is not None
    risk = selectors.rejection_risk_for([published[0], spam[0]])
    assert set(risk) == {published[0].pk, spam[0].pk}
    assert risk[spam[0].pk] > 0.5 > risk[published[0].pk]
    assert selectors.rejection_risk_for([]) == {}


def test_topics_discover_and_adopt(process, themes):
    rows = corpus_rows()[:80]
    make_contributions(process, rows)
    run = services.topics_discover(process=process, seed=3, topics=4)
    again = services.topics_discover(process=process, seed=3, topics=4)
    first = list(run.candidates.values_list("terms_en", "terms_fr", "member_ids"))
    assert first == list(again.candidates.values_list("terms_en", "terms_fr", "member_ids"))
    candidate = run.candidates.first()
    theme = services.topic_adopt(
        candidate=candidate, code="found", name_en="Found", name_fr="Trouvé", parent=None
    )
    assert Coding.objects.filter(theme=theme, confirmed=False).count() == candidate.size
    with pytest.raises(ValidationError):
        services.topic_adopt(candidate=candidate, code="again", name_en="A", name_fr="A")


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
