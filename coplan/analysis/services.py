"""Analysis use cases: one keyword-only, atomic function each."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.contributions.models import Contribution, ModerationState
from coplan.contributions.services import redacted_or_blank
from coplan.core.pagecache import bump_content_version
from coplan.core.references import is_referenced
from coplan.core.text import clean_public_text
from coplan.processes.models import Phase, Process

from . import learning, selectors
from .models import (
    NOTE_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    Campaign,
    CampaignMember,
    Coding,
    ContributionAssessment,
    ContributionTranslation,
    Disposition,
    RejectedSuggestion,
    Report,
    Theme,
    TopicCandidate,
    TopicRun,
    TrainedModel,
)

# Below this many human-confirmed examples a theme is not learned (too few to generalise).
MIN_EXAMPLES_PER_THEME = learning.MIN_EXAMPLES_PER_THEME
# Suggestions below this probability are not shown: they would be noise for the analyst.
SUGGESTION_MIN_CONFIDENCE = 0.3
MODERATION_MIN_DECISIONS = 20
TRANSLATION_MAX_LENGTH = 20_000

# --- Codebook ---------------------------------------------------------------------------------


@transaction.atomic
def theme_create(
    *,
    process: Process,
    code: str,
    name_en: str,
    name_fr: str,
    description_en: str = "",
    description_fr: str = "",
    parent: Theme | None = None,
    position: int | None = None,
) -> Theme:
    """Add a theme (or a sub-theme under `parent`) to a process's codebook."""
    if Theme.objects.filter(process=process, code=code).exists():
        raise ValidationError({"code": _("Another theme already has this code.")})
    if position is None:
        position = Theme.objects.filter(process=process).count()
    theme = Theme(
        process=process,
        code=code,
        parent=parent,
        name_en=name_en,
        name_fr=name_fr,
        description_en=description_en,
        description_fr=description_fr,
        position=position,
    )
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    name_en: str,
    name_fr: str,
    description_en: str = "",
    description_fr: str = "",
    parent: Theme | None = None,
) -> Theme:
    theme.name_en, theme.name_fr = name_en, name_fr
    theme.description_en, theme.description_fr = description_en, description_fr
    theme.parent = parent
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def theme_merge(*, source: Theme, target: Theme) -> Theme:
    """Fold `source` into `target`: its codings, sub-themes and primary-theme choices move.

    A contribution coded with both keeps one coding on the target (confirmed if either was).
    The source stays, inactive, pointing at the target, so old reports still name it.
    """
    if source.pk == target.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    if source.process_id != target.process_id:
        raise ValidationError(_("Both themes must belong to the same codebook."))
    if not target.is_active:
        raise ValidationError(_("Choose an active theme to merge into."))
    if target.parent_id == source.pk:
        raise ValidationError(_("A theme cannot be merged into one of its own sub-themes."))
    already = set(Coding.objects.filter(theme=target).values_list("contribution_id", flat=True))
    # Where both exist, a confirmed source coding confirms the target's.
    confirmed_both = list(
        Coding.objects.filter(
            theme=source, contribution_id__in=already, confirmed=True
        ).values_list("contribution_id", flat=True)
    )
    Coding.objects.filter(theme=target, contribution_id__in=confirmed_both).update(confirmed=True)
    Coding.objects.filter(theme=source, contribution_id__in=already).delete()
    Coding.objects.filter(theme=source).update(theme=target)
    RejectedSuggestion.objects.filter(theme=source).delete()
    ContributionAssessment.objects.filter(primary_theme=source).update(primary_theme=target)
    if target.parent_id is None:
        Theme.objects.filter(parent=source).update(parent=target)
    else:
        Theme.objects.filter(parent=source).update(parent=target.parent)
    source.is_active = False
    source.merged_into = target
    source.save(update_fields=["is_active", "merged_into"])
    selectors.queue_counts_forget(source.process_id)
    return target


@transaction.atomic
def theme_split(
    *, theme: Theme, parts: Sequence[dict], assignments: dict[int, Sequence[str]]
) -> list[Theme]:
    """Split a theme into new ones: `parts` are their fields (code, name_en, name_fr...).

    `assignments` maps contribution id → codes of the new themes it belongs to. Codings of the
    split theme that are not reassigned stay where they are, so no coding is ever lost.
    """
    if len(parts) < 2:
        raise ValidationError(_("Split a theme into at least two themes."))
    parent = theme if theme.parent_id is None else theme.parent
    created = {}
    for part in parts:
        created[part["code"]] = theme_create(
            process=theme.process,
            code=part["code"],
            name_en=part["name_en"],
            name_fr=part["name_fr"],
            description_en=part.get("description_en", ""),
            description_fr=part.get("description_fr", ""),
            parent=parent,
        )
    existing = {coding.contribution_id: coding for coding in Coding.objects.filter(theme=theme)}
    new_codings = []
    moved = []
    for contribution_id, codes in assignments.items():
        original = existing.get(int(contribution_id))
        if original is None:
            raise ValidationError(
                _("Contribution %(number)s is not coded with this theme.")
                % {"number": contribution_id}
            )
        for code in codes:
            if code not in created:
                raise ValidationError(_("Unknown theme code: %(code)s.") % {"code": code})
            new_codings.append(
                Coding(
                    contribution_id=original.contribution_id,
                    theme=created[code],
                    source=original.source,
                    confirmed=original.confirmed,
                    confidence=original.confidence,
                    coded_by_id=original.coded_by_id,
                )
            )
        if codes:
            moved.append(original.pk)
    Coding.objects.bulk_create(new_codings)
    Coding.objects.filter(pk__in=moved).delete()
    selectors.queue_counts_forget(theme.process_id)
    return list(created.values())


# --- Coding and assessment --------------------------------------------------------------------


def _clean_note(note: str, limit: int) -> str:
    return clean_public_text(note or "", max_length=limit, required=False)


def _refuse_withdrawn(contribution: Contribution) -> None:
    """Lock the contribution's row and refuse it if its author withdrew it: a withdrawal
    committed meanwhile is seen here, and none can slip in before this transaction ends."""
    state = (
        Contribution.objects.select_for_update()
        .filter(pk=contribution.pk)
        .values_list("moderation_state", flat=True)
        .first()
    )
    if state is None or state == ModerationState.WITHDRAWN:
        raise ValidationError(
            _("Its author withdrew this contribution: it can no longer be coded or answered."),
            code="withdrawn",
        )


@transaction.atomic
def contribution_code(
    *,
    contribution: Contribution,
    themes: Iterable[Theme],
    user,
    disposition: Disposition | None = None,
    primary_theme: Theme | None = None,
    note: str = "",
    response_en: str = "",
    response_fr: str = "",
) -> ContributionAssessment:
    """Save an analyst's decision on one contribution: themes, disposition, response, note.

    Chosen themes become confirmed codings (a machine suggestion chosen is confirmed, keeping
    its confidence); suggestions not chosen are rejected and never suggested again; human codings
    not chosen are removed.
    """
    _refuse_withdrawn(contribution)
    themes = list(themes)
    for theme in themes:
        if theme.process_id != contribution.process_id or not theme.is_active:
            raise ValidationError(_("Choose themes from this process's active codebook."))
    if primary_theme is not None and primary_theme not in themes:
        themes.append(primary_theme)
    note = _clean_note(note, NOTE_MAX_LENGTH)
    response_en = _clean_note(response_en, RESPONSE_MAX_LENGTH)
    response_fr = _clean_note(response_fr, RESPONSE_MAX_LENGTH)
    chosen = {theme.pk for theme in themes}
    before = selectors.coding_state(contribution.pk)
    current = {coding.theme_id: coding for coding in contribution.codings.all()}
    rejected = [
        c
        for tid, c in current.items()
        if tid not in chosen and c.source == Coding.Source.MACHINE and not c.confirmed
    ]
    RejectedSuggestion.objects.bulk_create(
        [
            RejectedSuggestion(contribution=contribution, theme_id=c.theme_id, rejected_by=user)
            for c in rejected
        ],
        ignore_conflicts=True,
    )
    Coding.objects.filter(contribution=contribution).exclude(theme_id__in=chosen).delete()
    Coding.objects.filter(contribution=contribution, theme_id__in=chosen, confirmed=False).update(
        confirmed=True, coded_by=user
    )
    Coding.objects.bulk_create(
        [
            Coding(
                contribution=contribution,
                theme_id=tid,
                source=Coding.Source.HUMAN,
                confirmed=True,
                coded_by=user,
            )
            for tid in chosen - set(current)
        ]
    )
    if primary_theme is None and len(themes) == 1:
        primary_theme = themes[0]
    assessment, _created = ContributionAssessment.objects.get_or_create(contribution=contribution)
    assessment.disposition = disposition
    assessment.primary_theme = primary_theme
    assessment.note = note
    assessment.response_en = response_en
    assessment.response_fr = response_fr
    assessment.assessed_by = user
    assessment.save()
    selectors.queue_counts_adjust(
        contribution=contribution, before=before, after=selectors.coding_state(contribution.pk)
    )
    return assessment


@transaction.atomic
def suggestion_accept(*, coding: Coding, user) -> Coding:
    before = selectors.coding_state(coding.contribution_id)
    coding.confirmed = True
    coding.coded_by = user
    coding.save(update_fields=["confirmed", "coded_by"])
    selectors.queue_counts_adjust(
        contribution=coding.contribution,
        before=before,
        after=selectors.coding_state(coding.contribution_id),
    )
    return coding


@transaction.atomic
def suggestion_reject(*, coding: Coding, user) -> None:
    if coding.confirmed:
        raise ValidationError(_("This theme was confirmed by a person; remove it by recoding."))
    RejectedSuggestion.objects.get_or_create(
        contribution_id=coding.contribution_id,
        theme_id=coding.theme_id,
        defaults={"rejected_by": user},
    )
    before = selectors.coding_state(coding.contribution_id)
    contribution_id = coding.contribution_id
    coding.delete()
    selectors.queue_counts_adjust(
        contribution=coding.contribution,
        before=before,
        after=selectors.coding_state(contribution_id),
    )


@transaction.atomic
def translation_save(
    *, contribution: Contribution, language: str, text: str, user
) -> ContributionTranslation:
    """Store staff's translation of a contribution into English or French.

    A translation is published beside the contribution (open data, What We Heard quotes) and
    analysts translate the text as written: it is stored masked, by the corpus's one rule, so
    it never publishes what the contribution's masked copy hides.
    """
    text = clean_public_text(text, max_length=TRANSLATION_MAX_LENGTH)
    text = redacted_or_blank(text, language) or text
    if language not in ("en", "fr"):
        raise ValidationError(_("Translations are into English or French."))
    if language == contribution.language:
        raise ValidationError(_("The contribution is already in this language."))
    translation, _created = ContributionTranslation.objects.update_or_create(
        contribution=contribution,
        language=language,
        defaults={"text": text, "translated_by": user},
    )
    return translation


# --- Language ---------------------------------------------------------------------------------


def languages_tag(
    *, contributions: Iterable[Contribution] | None = None, process: Process | None = None
) -> int:
    """Tag contributions whose language is unknown (only those: a human choice is kept)."""
    from coplan.contributions.language import UNKNOWN, detect_languages

    queryset = Contribution.objects.filter(language="unknown")
    if process is not None:
        queryset = queryset.filter(process=process)
    if contributions is not None:
        queryset = queryset.filter(pk__in=[c.pk for c in contributions])
    changed = 0
    batch: list[tuple[int, str]] = []

    def flush() -> int:
        texts = [text for _pk, text in batch]
        found = detect_languages(texts)
        updates = [
            Contribution(pk=pk, language=language)
            for (pk, _text), language in zip(batch, found, strict=True)
            if language != UNKNOWN
        ]
        Contribution.objects.bulk_update(updates, ["language"], batch_size=1000)
        batch.clear()
        return len(updates)

    for pk, text in queryset.values_list("pk", "text").iterator(chunk_size=2000):
        batch.append((pk, text))
        if len(batch) >= 5000:
            changed += flush()
    if batch:
        changed += flush()
    return changed


# --- Campaigns --------------------------------------------------------------------------------


@transaction.atomic
def campaigns_detect(*, process: Process) -> list[Campaign]:
    """Group the process's near-duplicate contributions into campaigns (replacing the last run).

    Sets each contribution's duplicate_group (the campaign key, or '' when alone) in bulk and
    records, for each member, the paragraphs it added to the form letter.
    """
    rows = list(
        Contribution.objects.filter(process=process)
        .exclude(moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN])
        .order_by("received_at", "pk")
        .values_list("pk", "text")
    )
    ids = [pk for pk, _text in rows]
    texts = [text for _pk, text in rows]
    groups = learning.detect_campaigns(texts, published=selectors.published_texts_for(process))
    Campaign.objects.filter(process=process).delete()
    Contribution.objects.filter(process=process).exclude(duplicate_group="").update(
        duplicate_group=""
    )
    campaigns: dict[int, Campaign] = {}
    sizes: dict[int, int] = {}
    for number in groups.group:
        if number >= 0:
            sizes[int(number)] = sizes.get(int(number), 0) + 1
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    for number, index in groups.representative.items():
        campaigns[number] = Campaign(
            process=process,
            key=f"c{process.pk}-{stamp}-{number + 1}",
            representative_id=ids[index],
            size=sizes[number],
        )
    Campaign.objects.bulk_create(list(campaigns.values()), batch_size=1000)
    members = []
    by_key: dict[str, list[int]] = {}
    for i, number in enumerate(groups.group):
        if number < 0:
            continue
        campaign = campaigns[int(number)]
        representative_text = texts[groups.representative[int(number)]]
        added = (
            ""
            if i == groups.representative[int(number)]
            else learning.added_paragraphs(texts[i], representative_text)
        )
        members.append(
            CampaignMember(
                campaign=campaign,
                contribution_id=ids[i],
                similarity=float(groups.similarity[i]),
                added_text=added,
            )
        )
        by_key.setdefault(campaign.key, []).append(ids[i])
    CampaignMember.objects.bulk_create(members, batch_size=2000)
    for key, member_ids in by_key.items():
        for start in range(0, len(member_ids), 900):
            Contribution.objects.filter(pk__in=member_ids[start : start + 900]).update(
                duplicate_group=key
            )
    selectors.queue_counts_forget(process.pk)
    return list(campaigns.values())


# --- Machine suggestions ----------------------------------------------------------------------


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

    ids, texts, theme_ids, y = _training_set(process)
    if len(theme_ids) < 2 or len(ids) < 20:
        return None
    y = np.array(y)
    metrics: dict = {"themes": len(theme_ids)}
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


def suggestions_refresh(*, process: Process, trained: TrainedModel, model=None) -> int:
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


# --- Theme discovery --------------------------------------------------------------------------


@transaction.atomic
def topics_discover(
    *, process: Process, seed: int = learning.DEFAULT_SEED, topics: int = 8, limit: int = 100_000
) -> TopicRun:
    """Propose candidate themes from the contributions nobody has coded yet."""
    rows = list(
        Contribution.objects.filter(process=process)
        .exclude(moderation_state__in=[ModerationState.REJECTED, ModerationState.WITHDRAWN])
        .exclude(pk__in=Coding.objects.filter(confirmed=True).values("contribution_id"))
        .order_by("pk")
        .values_list("pk", "text", "language")[:limit]
    )
    found = learning.discover_topics(
        [r[1] for r in rows], [r[2] for r in rows], topics=topics, seed=seed
    )
    run = TopicRun.objects.create(process=process, seed=seed, documents=len(rows))
    TopicCandidate.objects.bulk_create(
        [
            TopicCandidate(
                run=run,
                position=topic.position,
                size=topic.size,
                terms_en=topic.terms_en,
                terms_fr=topic.terms_fr,
                example_ids=[rows[i][0] for i in topic.examples],
                member_ids=[rows[i][0] for i in topic.members],
            )
            for topic in found
        ]
    )
    return run


@transaction.atomic
def topic_adopt(
    *,
    candidate: TopicCandidate,
    code: str,
    name_en: str,
    name_fr: str,
    parent: Theme | None = None,
) -> Theme:
    """Make a candidate a theme; its members get it as a suggestion for analysts to confirm."""
    if candidate.adopted_theme_id:
        raise ValidationError(_("This candidate theme was already adopted."))
    theme = theme_create(
        process=candidate.run.process,
        code=code,
        name_en=name_en,
        name_fr=name_fr,
        description_en=", ".join(candidate.terms_en),
        description_fr=", ".join(candidate.terms_fr),
        parent=parent,
    )
    Coding.objects.bulk_create(
        [
            Coding(
                contribution_id=pk,
                theme=theme,
                source=Coding.Source.MACHINE,
                confirmed=False,
                confidence=None,
            )
            for pk in candidate.member_ids
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    candidate.adopted_theme = theme
    candidate.save(update_fields=["adopted_theme"])
    selectors.queue_counts_forget(theme.process_id)
    return theme


# --- Reports ----------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, process: Process, phase: Phase | None = None, user=None) -> Report:
    """Take a dated snapshot of what was heard: every figure is a count at this moment."""
    from .reporting import report_data

    if phase is not None and phase.process_id != process.pk:
        raise ValidationError(_("The phase belongs to another process."))
    now = timezone.now()
    return Report.objects.create(
        process=process,
        phase=phase,
        snapshot_at=now,
        data=report_data(process=process, phase=phase),
        created_by=user,
    )


@transaction.atomic
def report_publish(*, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if Report.Status.PUBLISHED not in Report.TRANSITIONS[report.status]:
        raise ValidationError(
            _("A report in state “%(state)s” cannot be published.")
            % {"state": report.get_status_display()}
        )
    report.status = Report.Status.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at"])
    pk = report.pk
    transaction.on_commit(lambda: _enqueue_report_pdfs(pk))
    return report


def _enqueue_report_pdfs(report_id: int) -> None:
    from .tasks import report_render_pdfs

    report_render_pdfs.enqueue(report_id)


def dispositions_for_queue() -> list[Disposition]:
    return list(Disposition.objects.all())


def uncoded_filter() -> Q:
    return ~Q(pk__in=Coding.objects.filter(confirmed=True).values("contribution_id"))


def disposition_save(
    *, data: Mapping[str, Any], disposition: Disposition | None = None
) -> Disposition:
    """Create or change a disposition analysts choose from (name and description in both
    languages, its place in the list)."""
    disposition = disposition or Disposition()
    for name, value in data.items():
        setattr(disposition, name, value)
    disposition.full_clean()
    with transaction.atomic():
        disposition.save()
        # Reports and the open data set name dispositions.
        bump_content_version()
    return disposition


def disposition_delete(*, disposition: Disposition) -> None:
    """Delete a disposition no contribution has been given; one in use is refused."""
    with transaction.atomic():
        if is_referenced(disposition):
            raise ValidationError(_("Contributions have this disposition: it cannot be deleted."))
        disposition.delete()
