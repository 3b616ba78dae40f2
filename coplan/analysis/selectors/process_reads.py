"""What the analysis pages read about a process besides its queue: the model's quality, the
latest topics, reports, campaigns and the process's own published words."""

from __future__ import annotations

from coplan.commitments.models import TEXT_FIELDS, Commitment
from coplan.contributions.models import Contribution
from coplan.plans.models import PlanParagraph
from coplan.processes.models import Process

from ..models import Report, TopicCandidate, TopicRun, TrainedModel


def current_quality(process: Process) -> TrainedModel | None:
    """The latest theme model of the process (its measured quality is in .metrics)."""
    return (
        TrainedModel.objects.filter(kind=TrainedModel.Kind.THEMES, process=process)
        .defer("artifact")
        .first()
    )


def latest_topics(process: Process) -> TopicRun | None:
    return (
        TopicRun.objects.filter(process=process)
        .prefetch_related("candidates__adopted_theme")
        .first()
    )


def reports_for(process: Process) -> list[Report]:
    return list(Report.objects.filter(process=process).select_related("phase").defer("data"))


def published_texts_for(process: Process) -> list[str]:
    """The process's own published words (plan paragraphs, commitments in both languages),
    which people quote before giving their own opinion: campaign detection leaves them out."""
    paragraphs = PlanParagraph.objects.filter(version__plan__process=process).values_list(
        "text_en", "text_fr"
    )
    fields = [f"{name}_{language}" for name in TEXT_FIELDS for language in ("en", "fr")]
    commitments = Commitment.objects.filter(process=process).values_list(*fields)
    return [value for rows in (paragraphs, commitments) for row in rows for value in row if value]


def topic_candidates(run: TopicRun | None) -> list[TopicCandidate]:
    """A topic run's candidates, each with its example contributions in `.examples`."""
    candidates = list(run.candidates.all()) if run else []
    wanted = [pk for candidate in candidates for pk in candidate.example_ids]
    examples = {c.pk: c for c in Contribution.objects.filter(pk__in=wanted)}
    for candidate in candidates:
        found = [examples[pk] for pk in candidate.example_ids if pk in examples]
        candidate.examples = found  # type: ignore[attr-defined]
    return candidates
