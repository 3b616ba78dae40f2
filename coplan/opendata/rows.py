"""The rows of each published table, generated from the records (never typed), streamed.

Only published contributions whose author consented to publication appear, with their
redacted text; no account, name, email, handle, address or registration detail is ever read.
Rows come in primary-key chunks (keyset pagination): memory stays flat and the number of
queries grows with the number of chunks, never with the number of related records.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation

from coplan.contributions.commentable import commentable_for
from coplan.contributions.models import Contribution, Kind, ModerationState
from coplan.processes.models import Process

CHUNK = 2000
_PLACEHOLDER = 987654321

CONTEXT_TYPE_BY_MODEL = {
    "contributions.contribution": "idea",
    "processes.process": "process",
    "processes.opportunity": "opportunity",
    "commitments.commitment": "commitment",
    "commitments.milestone": "milestone",
    "plans.planparagraph": "plan_paragraph",
    "plans.planversion": "plan_version",
    "events.event": "event",
    "surveys.questionnaire": "questionnaire",
}


def public_contributions() -> QuerySet[Contribution]:
    """What the public may see and what the data set holds: published and consented."""
    return Contribution.objects.published().filter(consent_to_publish=True)


def public_contributions_by_key() -> QuerySet[Contribution]:
    """The same rows, for reading in primary-key order (API pages, data set chunks).

    The moderation state is compared through an expression so that no index starting with it
    can be chosen: SQLite without statistics takes it as selective, then sorts every published
    row to put them in key order (seconds with a million rows) instead of reading the table
    backwards along its key and stopping after one page."""
    return Contribution.objects.alias(
        public_state=Concat("moderation_state", Value(""), output_field=CharField())
    ).filter(public_state=ModerationState.PUBLISHED, consent_to_publish=True)


def public_contribution_count(process: Process) -> int:
    return public_contributions().filter(process=process).count()


_FIELDS = (
    "pk",
    "phase__kind",
    "opportunity__slug",
    "channel",
    "target_type_id",
    "target_id",
    "kind",
    "language",
    "received_at",
    "title",
    "redacted_title",
    "text",
    "redacted_text",
    "support_count",
    "duplicate_group",
    "page_url",
    "assessment__disposition__code",
    "assessment__primary_theme__code",
    "assessment__response_en",
    "assessment__response_fr",
    "campaign_membership__campaign__key",
    "campaign_membership__campaign__size",
)


def _site_url(path: str) -> str:
    return settings.COPLAN_SITE_URL.rstrip("/") + path if path else ""


class _Context:
    """Describes and links the objects contributions answered, fetched once per chunk."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, int], tuple[str, str, str, str]] = {}

    def fetch(self, wanted: dict[int, set[int]]) -> None:
        for type_id, ids in wanted.items():
            ids = {pk for pk in ids if (type_id, pk) not in self.cache}
            if not ids:
                continue
            model = ContentType.objects.get_for_id(type_id).model_class()
            label = model._meta.label_lower if model else ""
            context_type = CONTEXT_TYPE_BY_MODEL.get(label, "other")
            if model is None:
                continue
            if model is Contribution:
                # A comment's idea is shown only when it is itself public.
                for pk, title, redacted_title, text, redacted in (
                    public_contributions()
                    .filter(pk__in=ids)
                    .values_list("pk", "title", "redacted_title", "text", "redacted_text")
                ):
                    shown = redacted_title or title or (redacted or text)[:120]
                    url = ""
                    with translation.override("en"):
                        url = reverse("contributions:idea_detail", kwargs={"pk": pk})
                    self.cache[(type_id, pk)] = (context_type, shown, shown, _site_url(url))
                continue
            queryset = model._default_manager.filter(pk__in=ids)
            entry = commentable_for(model)
            if entry is not None and entry.visible is not None:
                queryset = entry.visible(queryset)
            for obj in queryset:
                with translation.override("en"):
                    english = str(obj)
                    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
                with translation.override("fr"):
                    french = str(obj)
                self.cache[(type_id, obj.pk)] = (context_type, english, french, _site_url(url))

    def get(self, type_id: int | None, pk: int | None) -> tuple[str, str, str, str] | None:
        if type_id is None or pk is None:
            return None
        return self.cache.get((type_id, pk))


def contribution_rows(process: Process) -> Iterator[tuple]:
    """The rows of the contributions table, in the order of CONTRIBUTIONS.columns."""
    base = public_contributions().filter(process=process)
    group_sizes = dict(
        base.exclude(duplicate_group="")
        .values_list("duplicate_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    idea_urls = {}
    process_urls = {}
    for language in ("en", "fr"):
        with translation.override(language):
            idea_urls[language] = _site_url(
                reverse("contributions:idea_detail", kwargs={"pk": _PLACEHOLDER})
            )
            process_urls[language] = _site_url(
                reverse("processes:detail", kwargs={"slug": process.slug})
            )
    placeholder = str(_PLACEHOLDER)
    context = _Context()
    slug = process.slug
    last = 0
    while True:
        chunk = list(base.filter(pk__gt=last).order_by("pk").values_list(*_FIELDS)[:CHUNK])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        themes: dict[int, list[str]] = defaultdict(list)
        from coplan.analysis.models import Coding, ContributionTranslation
        from coplan.commitments.models import ContributionLink

        for contribution_id, code in (
            Coding.objects.filter(
                contribution_id__gte=first, contribution_id__lte=last, confirmed=True
            )
            .order_by("contribution_id", "theme__position", "theme_id")
            .values_list("contribution_id", "theme__code")
        ):
            themes[contribution_id].append(code)
        primary: dict[int, str] = {}
        secondary: dict[int, list[str]] = defaultdict(list)
        for contribution_id, relation, identifier in (
            ContributionLink.objects.filter(contribution_id__gte=first, contribution_id__lte=last)
            .order_by("contribution_id", "commitment__position", "commitment__identifier")
            .values_list("contribution_id", "relation", "commitment__identifier")
        ):
            if relation == "primary" and contribution_id not in primary:
                primary[contribution_id] = identifier
            else:
                secondary[contribution_id].append(identifier)
        translations: dict[int, tuple[str, str]] = {}
        for contribution_id, language, text in (
            ContributionTranslation.objects.filter(
                contribution_id__gte=first, contribution_id__lte=last
            )
            .order_by("contribution_id", "language")
            .values_list("contribution_id", "language", "text")
        ):
            translations.setdefault(contribution_id, (language, text))
        wanted: dict[int, set[int]] = defaultdict(set)
        for row in chunk:
            if row[4] is not None and row[5] is not None:
                wanted[row[4]].add(row[5])
        if wanted:
            context.fetch(wanted)
        for (
            pk,
            phase,
            opportunity,
            channel,
            target_type,
            target_id,
            kind,
            language,
            received_at,
            title,
            redacted_title,
            text,
            redacted_text,
            supports,
            group,
            page_url,
            disposition,
            primary_theme,
            response_en,
            response_fr,
            campaign_key,
            campaign_size,
        ) in chunk:
            url_language = "fr" if language == "fr" else "en"
            described = context.get(target_type, target_id)
            if described is not None:
                context_type, context_en, context_fr, context_url = described
            elif page_url:
                context_type, context_en, context_fr, context_url = (
                    "web_page",
                    page_url,
                    page_url,
                    _site_url(page_url) if page_url.startswith("/") else "",
                )
            elif opportunity:
                context_type, context_en, context_fr, context_url = ("opportunity", "", "", "")
            else:
                context_type, context_en, context_fr, context_url = ("process", "", "", "")
            if kind == Kind.IDEA:
                url = idea_urls[url_language].replace(placeholder, str(pk))
            else:
                url = context_url or process_urls[url_language]
            translated = translations.get(pk)
            if campaign_key:
                campaign, size = campaign_key, campaign_size
            elif group:
                campaign, size = group, group_sizes.get(group, 1)
            else:
                campaign, size = "", None
            yield (
                pk,
                slug,
                phase or "",
                opportunity or "",
                channel,
                context_type,
                context_en,
                context_fr,
                kind,
                language,
                received_at.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
                redacted_title or title,
                redacted_text or text,
                translated[0] if translated else "",
                translated[1] if translated else "",
                supports,
                primary.get(pk, ""),
                ";".join(secondary.get(pk, ())),
                primary_theme or "",
                ";".join(themes.get(pk, ())),
                campaign,
                size,
                disposition or "",
                response_en or "",
                response_fr or "",
                url,
            )


def commitment_rows(process: Process) -> Iterator[tuple]:
    from coplan.commitments import exports

    from .columns import COMMITMENTS

    keys = COMMITMENTS.keys
    for row in exports.commitment_rows(process):
        yield tuple(row[key] for key in keys)


def milestone_rows(process: Process) -> Iterator[tuple]:
    from coplan.commitments import exports

    from .columns import MILESTONES

    keys = MILESTONES.keys
    for row in exports.milestone_rows(process):
        yield tuple(row[key] for key in keys)


def questionnaire_result_rows(process: Process) -> Iterator[tuple]:
    """Aggregate counts of public questionnaires, in both languages; never a single response."""
    from coplan.surveys.models import Questionnaire
    from coplan.surveys.selectors import questionnaire_results, questionnaires_for_process

    public = Questionnaire.ResultsVisibility.PUBLIC
    for questionnaire in questionnaires_for_process(process.pk).filter(results_visibility=public):
        with translation.override("en"):
            english = questionnaire_results(questionnaire)
        with translation.override("fr"):
            french = questionnaire_results(questionnaire)
        for number, (result_en, result_fr) in enumerate(
            zip(english.questions, french.questions, strict=True), start=1
        ):
            question = result_en.question
            pairs = list(zip(result_en.rows, result_fr.rows, strict=True))
            for row_en, row_fr in pairs:
                yield (
                    questionnaire.slug,
                    number,
                    question.text_en or "",
                    question.text_fr or "",
                    row_en.label,
                    row_fr.label,
                    result_en.respondents,
                    row_en.count,
                    row_en.share,
                    None,
                )
            for row_en, row_fr in zip(result_en.rank_rows, result_fr.rank_rows, strict=True):
                yield (
                    questionnaire.slug,
                    number,
                    question.text_en or "",
                    question.text_fr or "",
                    row_en.label,
                    row_fr.label,
                    result_en.respondents,
                    row_en.count,
                    None,
                    row_en.mean_rank,
                )


def questionnaire_result_count(process: Process) -> int:
    from coplan.surveys.models import Choice, Questionnaire

    return Choice.objects.filter(
        question__questionnaire__opportunity__phase__process=process,
        question__questionnaire__results_visibility=Questionnaire.ResultsVisibility.PUBLIC,
    ).count()


ROWS_BY_RESOURCE = {
    "contributions": contribution_rows,
    "commitments": commitment_rows,
    "milestones": milestone_rows,
    "questionnaire-results": questionnaire_result_rows,
}


def expected_rows(kind: str, process: Process) -> int:
    """How many rows the build will write (for the progress bar; an estimate for results)."""
    if kind == "contributions":
        return public_contribution_count(process)
    if kind == "commitments":
        from coplan.commitments.models import Commitment, Milestone

        return (
            Commitment.objects.filter(process=process).count()
            + Milestone.objects.filter(commitment__process=process).count()
        )
    return questionnaire_result_count(process)
