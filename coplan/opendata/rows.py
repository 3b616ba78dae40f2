"""The rows of each published table, generated from the records (never typed), streamed.

Only published contributions whose author consented to publication appear, with their
redacted text; no account, name, email, handle, address or registration detail is ever read.
Rows come in primary-key chunks (keyset pagination): memory stays flat and the number of
queries grows with the number of chunks, never with the number of related records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Func, QuerySet, Value
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


# The contribution's own columns only: related data comes in one query per chunk (or once per
# build for the small tables), so the big table is read along its key with no joins.
_FIELDS = (
    "pk",
    "phase_id",
    "opportunity_id",
    "channel",
    "target_type_id",
    "target_id",
    "kind",
    "language",
    "received_utc",
    "title",
    "redacted_title",
    "text",
    "redacted_text",
    "support_count",
    "duplicate_group",
    "page_url",
)


class UtcText(Func):
    """A timestamp as ISO 8601 text in UTC ("2018-01-31T14:05:09Z"), written by the database:
    converting a million datetimes in Python cost more than reading them."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # Django keeps SQLite timestamps as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return self.as_sql(
            compiler,
            connection,
            template="strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', %(expressions)s)",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template=(
                "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
            ),
            **extra_context,
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
    for chunk in contribution_row_chunks(process):
        yield from chunk


def contribution_row_chunks(process: Process) -> Iterator[list[tuple]]:
    """The rows of the contributions table in lists of up to CHUNK rows (for writerows).

    Per chunk: one query for the contributions, then one each for assessments, campaigns,
    themes, commitment links, translations and answered objects; never one per row."""
    from coplan.analysis.models import (
        CampaignMember,
        Coding,
        ContributionAssessment,
        ContributionTranslation,
        Disposition,
        Theme,
    )
    from coplan.commitments.models import ContributionLink
    from coplan.processes.models import Opportunity, Phase

    base = public_contributions_by_key().filter(process_id=process.pk)
    group_sizes = dict(
        public_contributions()
        .filter(process=process)
        .exclude(duplicate_group="")
        .values_list("duplicate_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Small tables, read once per build.
    phases = dict(Phase.objects.filter(process=process).values_list("pk", "kind"))
    opportunities = dict(
        Opportunity.objects.filter(phase__process=process).values_list("pk", "slug")
    )
    dispositions = dict(Disposition.objects.values_list("pk", "code"))
    theme_codes = dict(Theme.objects.values_list("pk", "code"))
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
    idea_prefix = {language: url.split(str(_PLACEHOLDER))[0] for language, url in idea_urls.items()}
    idea_suffix = {language: url.split(str(_PLACEHOLDER))[1] for language, url in idea_urls.items()}
    idea = str(Kind.IDEA)
    context = _Context()
    slug = process.slug
    last = 0
    rows = base.annotate(received_utc=UtcText("received_at"))
    while True:
        chunk = list(rows.filter(pk__gt=last).order_by("pk").values_list(*_FIELDS)[:CHUNK])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        in_chunk = {"contribution_id__gte": first, "contribution_id__lte": last}
        assessments = {
            contribution_id: rest
            for contribution_id, *rest in ContributionAssessment.objects.filter(
                **in_chunk
            ).values_list(
                "contribution_id",
                "disposition_id",
                "primary_theme_id",
                "response_en",
                "response_fr",
            )
        }
        campaigns = {
            contribution_id: (key, size)
            for contribution_id, key, size in CampaignMember.objects.filter(**in_chunk).values_list(
                "contribution_id", "campaign__key", "campaign__size"
            )
        }
        themes: dict[int, list[str]] = defaultdict(list)
        for contribution_id, code in (
            Coding.objects.filter(confirmed=True, **in_chunk)
            .order_by("contribution_id", "theme__position", "theme_id")
            .values_list("contribution_id", "theme__code")
        ):
            themes[contribution_id].append(code)
        primary: dict[int, str] = {}
        secondary: dict[int, list[str]] = defaultdict(list)
        for contribution_id, relation, identifier in (
            ContributionLink.objects.filter(**in_chunk)
            .order_by("contribution_id", "commitment__position", "commitment__identifier")
            .values_list("contribution_id", "relation", "commitment__identifier")
        ):
            if relation == "primary" and contribution_id not in primary:
                primary[contribution_id] = identifier
            else:
                secondary[contribution_id].append(identifier)
        translations: dict[int, tuple[str, str]] = {}
        for contribution_id, language, text in (
            ContributionTranslation.objects.filter(**in_chunk)
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
        out = []
        append = out.append
        for (
            pk,
            phase_id,
            opportunity_id,
            channel,
            target_type,
            target_id,
            kind,
            language,
            received,
            title,
            redacted_title,
            text,
            redacted_text,
            supports,
            group,
            page_url,
        ) in chunk:
            described = context.get(target_type, target_id) if target_type else None
            if described is not None:
                context_type, context_en, context_fr, context_url = described
            elif page_url:
                context_type, context_en, context_fr, context_url = (
                    "web_page",
                    page_url,
                    page_url,
                    _site_url(page_url) if page_url.startswith("/") else "",
                )
            elif opportunity_id:
                context_type, context_en, context_fr, context_url = ("opportunity", "", "", "")
            else:
                context_type, context_en, context_fr, context_url = ("process", "", "", "")
            if kind == idea:
                url_language = "fr" if language == "fr" else "en"
                url = f"{idea_prefix[url_language]}{pk}{idea_suffix[url_language]}"
            else:
                url = context_url or process_urls["fr" if language == "fr" else "en"]
            translated = translations.get(pk)
            assessment = assessments.get(pk)
            if assessment is not None:
                disposition_id, primary_theme_id, response_en, response_fr = assessment
            else:
                disposition_id = primary_theme_id = response_en = response_fr = None
            membership = campaigns.get(pk)
            if membership is not None:
                campaign, size = membership
            elif group:
                campaign, size = group, group_sizes.get(group, 1)
            else:
                campaign, size = "", None
            append(
                (
                    pk,
                    slug,
                    phases.get(phase_id, ""),
                    opportunities.get(opportunity_id, ""),
                    channel,
                    context_type,
                    context_en,
                    context_fr,
                    kind,
                    language,
                    received,
                    redacted_title or title,
                    redacted_text or text,
                    translated[0] if translated else "",
                    translated[1] if translated else "",
                    supports,
                    primary.get(pk, ""),
                    ";".join(secondary[pk]) if pk in secondary else "",
                    theme_codes.get(primary_theme_id, ""),
                    ";".join(themes[pk]) if pk in themes else "",
                    campaign,
                    size,
                    dispositions.get(disposition_id, ""),
                    response_en or "",
                    response_fr or "",
                    url,
                )
            )
        yield out


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
