"""Fixtures of the analysis tests: the demo codebook and contributions from the corpus."""

from __future__ import annotations

import csv
import datetime

import pytest

from coplan.analysis import services
from coplan.analysis.codebook import corpus_path
from coplan.analysis.demo import ensure_codebook
from coplan.analysis.models import Coding
from coplan.contributions.models import Contribution, ModerationState


def corpus_rows() -> list[dict]:
    with open(corpus_path(), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def themes(process):
    """The demo codebook of the test process: code → Theme."""
    return ensure_codebook(process)


def make_contributions(process, rows, *, start=0, **overrides) -> list[Contribution]:
    phase = process.phases.get(kind="development")
    base = datetime.datetime(2018, 1, 10, 14, 0, tzinfo=datetime.UTC)
    fields = {"consent_to_publish": True, "moderation_state": ModerationState.PUBLISHED}
    fields.update(overrides)
    objects = [
        Contribution(
            process=process,
            phase=phase,
            kind="idea",
            channel=("web", "email", "in_person")[i % 3],
            text=row["text"],
            language=row.get("language", "en"),
            province=("ON", "QC", "", "BC")[i % 4],
            received_at=base + datetime.timedelta(hours=start + i),
            **fields,
        )
        for i, row in enumerate(rows)
    ]
    Contribution.objects.bulk_create(objects)
    return list(Contribution.objects.filter(process=process).order_by("-pk")[: len(objects)])[::-1]


def code_from_labels(contributions, rows, themes, user=None) -> None:
    Coding.objects.bulk_create(
        [
            Coding(contribution=c, theme=themes[code], coded_by=user)
            for c, row in zip(contributions, rows, strict=True)
            for code in row["themes"].split(";")
        ]
    )


@pytest.fixture
def corpus(process, themes):
    """120 corpus contributions of which the first 90 are coded from their labels."""
    rows = corpus_rows()[::4][:120]
    contributions = make_contributions(process, rows)
    code_from_labels(contributions[:90], rows[:90], themes)
    return contributions, rows


@pytest.fixture
def one(process, themes) -> Contribution:
    """One published contribution of the corpus, with the demo codebook in place."""
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    return contribution


SPAM = "BUY CHEAP PILLS NOW at cheap-pills number {} click here!!!"


def train_moderation_model(process) -> None:
    """A moderation model learned from 40 published contributions and 12 rejected spams."""
    make_contributions(process, corpus_rows()[:40])
    make_contributions(
        process,
        [{"text": SPAM.format(i)} for i in range(12)],
        start=100,
        moderation_state=ModerationState.REJECTED,
    )
    assert services.moderation_model_train() is not None
