"""The theme and moderation models trained on people's decisions, and the suggestions they
make."""

from __future__ import annotations

import pickle
from typing import Any

from django.db import transaction

from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.models import Process

from .. import learning, selectors
from ..models import (
    Coding,
    RejectedSuggestion,
    Theme,
    TrainedModel,
)

# Below this many human-confirmed examples a theme is not learned (too few to generalise).
MIN_EXAMPLES_PER_THEME = learning.MIN_EXAMPLES_PER_THEME
# Suggestions below this probability are not shown: they would be noise for the analyst.
SUGGESTION_MIN_CONFIDENCE = 0.3
MODERATION_MIN_DECISIONS = 20


def _training_set(process: Process) -> tuple[list[int], list[str], list[int], list[list[int]]]:
    """Texts coded by people (confirmed), with their theme columns."""
    theme_ids = list(
        Theme.objects.filter(process=process, is_active=True).values_list("pk", flat=True)
    )
    labels: dict[int, set[int]] = {}
    for contribution_id, theme_id in Coding.objects.filter(
        theme__process=process, theme__is_active=True, confirmed=True
    ).values_list("contribution_id", "theme_id"):
        labels.setdefault(contribution_id, set()).add(theme_id)
    counts = {tid: 0 for tid in theme_ids}
    for themes in labels.values():
        for tid in themes:
            counts[tid] += 1
    learnable = [tid for tid in theme_ids if counts[tid] >= MIN_EXAMPLES_PER_THEME]
    texts = dict(Contribution.objects.filter(pk__in=list(labels)).values_list("pk", "text"))
    ids = sorted(texts)
    y = [[int(tid in labels[pk]) for tid in learnable] for pk in ids]
    return ids, [texts[pk] for pk in ids], learnable, y


def suggestions_train(
    *, process: Process, seed: int = learning.DEFAULT_SEED
) -> TrainedModel | None:
    """Retrain the theme model on confirmed codings, measure it, and refresh suggestions.

    Quality is measured on a seeded 20% held out, then the model is refitted on everything.
    Returns None when fewer than two themes have enough examples.
    """
    import numpy as np

    ids, texts, theme_ids, labels = _training_set(process)
    if len(theme_ids) < 2 or len(ids) < 20:
        return None
    y = np.array(labels)
    metrics: dict[str, Any] = {"themes": len(theme_ids)}
    train, test = learning.split_indices(len(ids), seed=seed)
    held = None
    if len(test) >= 10 and (y[train].sum(axis=0) > 0).all():
        held = learning.ThemeClassifier(seed=seed).fit([texts[i] for i in train], y[train])
        predicted = held.predict([texts[i] for i in test])
        metrics.update(learning.f1_scores(y[test], predicted))
        metrics["test_size"] = int(len(test))
    # The thresholds tuned for the measured model serve the final one (saves four fits).
    model = learning.ThemeClassifier(seed=seed, tune_thresholds=held is None).fit(texts, y)
    if held is not None:
        model.thresholds = held.thresholds
    with transaction.atomic():
        trained = TrainedModel.objects.create(
            kind=TrainedModel.Kind.THEMES,
            process=process,
            examples=len(ids),
            method=(
                "tfidf-words+chars + pretrained token vectors / one-vs-rest linear SVM, "
                "tuned thresholds"
            ),
            metrics={**metrics, "theme_ids": theme_ids},
            artifact=pickle.dumps(model),
        )
        suggestions_refresh(process=process, trained=trained, model=model)
    return trained


def suggestions_refresh(
    *, process: Process, trained: TrainedModel, model: learning.ThemeClassifier | None = None
) -> int:
    """Replace unconfirmed machine codings on uncoded contributions with fresh suggestions."""
    if model is None:
        model = pickle.loads(trained.artifact)  # noqa: S301 - written by our own task
    theme_ids = trained.metrics["theme_ids"]
    Coding.objects.filter(
        theme__process=process, source=Coding.Source.MACHINE, confirmed=False
    ).delete()
    uncoded = (
        Contribution.objects.filter(process=process)
        .exclude(moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN])
        .exclude(pk__in=Coding.objects.filter(confirmed=True).values("contribution_id"))
    )
    rejected = set(
        RejectedSuggestion.objects.filter(theme__process=process).values_list(
            "contribution_id", "theme_id"
        )
    )
    created = 0
    batch: list[tuple[int, str]] = []

    def flush() -> int:
        proba = model.predict_proba([text for _pk, text in batch])
        decided = model.decide(proba)
        rows = []
        for row, (pk, _text) in enumerate(batch):
            for col, tid in enumerate(theme_ids):
                confidence = float(proba[row, col])
                if (
                    decided[row, col]
                    and confidence >= SUGGESTION_MIN_CONFIDENCE
                    and (pk, tid) not in rejected
                ):
                    rows.append(
                        Coding(
                            contribution_id=pk,
                            theme_id=tid,
                            source=Coding.Source.MACHINE,
                            confirmed=False,
                            confidence=round(confidence, 4),
                        )
                    )
        Coding.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        batch.clear()
        return len(rows)

    for pk, text in uncoded.values_list("pk", "text").iterator(chunk_size=2000):
        batch.append((pk, text))
        if len(batch) >= 5000:
            created += flush()
    if batch:
        created += flush()
    selectors.queue_counts_forget(process.pk)
    return created


def moderation_model_train() -> TrainedModel | None:
    """Learn from past moderation decisions (published vs rejected) to flag likely rejections."""
    rows = list(
        Contribution.objects.filter(
            moderation_state__in=[ModerationState.PUBLISHED, ModerationState.REJECTED]
        )
        .order_by("-moderated_at", "-pk")
        .values_list("text", "moderation_state")[:50_000]
    )
    rejected = [state == ModerationState.REJECTED for _t, state in rows]
    if len(rows) < MODERATION_MIN_DECISIONS or sum(rejected) < 5 or all(rejected):
        return None
    model = learning.train_rejection_model([t for t, _s in rows], rejected)
    return TrainedModel.objects.create(
        kind=TrainedModel.Kind.MODERATION,
        examples=len(rows),
        method="tfidf-words+chars / logistic regression",
        metrics={"rejected": sum(rejected)},
        artifact=pickle.dumps(model),
    )
