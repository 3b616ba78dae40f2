"""The analysts' part of a contribution's outcome (registered with contributions.outcomes):
the disposition, the reasoned response, and the theme of the latest published What We Heard
report that counts it. Two queries for any number of contributions."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coplan.contributions.outcomes import Outcome, OutcomeLink, in_language
from coplan.plans.models import ChangeExplanation, PlanVersion

from .models import ContributionAssessment, Report, Theme


def _latest_reports(process_ids: set[int]) -> dict[int, Report]:
    reports: dict[int, Report] = {}
    published = Report.objects.filter(
        process_id__in=process_ids, status=Report.Status.PUBLISHED
    ).order_by("process_id", "-published_at", "-pk")
    for report in published:
        reports.setdefault(report.process_id, report)
    return reports


def assessment_outcomes(ids: Sequence[int], outcomes: dict[int, Outcome], language: str) -> None:
    assessments = list(
        ContributionAssessment.objects.filter(contribution_id__in=ids)
        .select_related("disposition", "primary_theme")
        .only(
            "contribution_id",
            "contribution__process_id",
            "response_en",
            "response_fr",
            "disposition__code",
            "disposition__name_en",
            "disposition__name_fr",
            "primary_theme__name_en",
            "primary_theme__name_fr",
        )
        .select_related("contribution")
    )
    with_theme = [a for a in assessments if a.primary_theme_id]
    reports = _latest_reports({a.contribution.process_id for a in with_theme}) if with_theme else {}
    for assessment in assessments:
        outcome = outcomes[assessment.contribution_id]
        _assessed(outcome, assessment, language)
        report = reports.get(assessment.contribution.process_id)
        theme = assessment.primary_theme
        if report is not None and theme is not None and _counted(report, theme):
            outcome.led_to.append(_theme_in_report(report, theme, language))


def _assessed(outcome: Outcome, assessment: ContributionAssessment, language: str) -> None:
    """The disposition and the response, in the reader's language when there is one."""
    disposition = assessment.disposition
    if disposition is not None:
        outcome.disposition = getattr(disposition, f"name_{language}") or disposition.name_en
        outcome.disposition_code = disposition.code
    responses = {"en": assessment.response_en or "", "fr": assessment.response_fr or ""}
    outcome.response, outcome.response_language = in_language(responses, language)


def _counted(report: Report, theme: Theme) -> bool:
    """The theme was heard in the report (some voices counted for it)."""
    return any(
        row.get("id") == theme.pk and row.get("voices") for row in report.data.get("themes", [])
    )


def _theme_in_report(report: Report, theme: Theme, language: str) -> OutcomeLink:
    return OutcomeLink(
        label=_("Theme in the What We Heard report"),
        title=getattr(theme, f"name_{language}") or theme.name_en,
        url=f"{_report_url(report, language)}#theme-{theme.pk}",
    )


def _report_url(report: Report, language: str) -> str:
    with translation.override(language):
        return reverse("analysis:report", kwargs={"pk": report.pk})


def commitment_outcomes(ids: Sequence[int], outcomes: dict[int, Outcome], language: str) -> None:
    """The commitments a contribution inspired, with the reasoned response (one query)."""
    from coplan.commitments.models import ContributionLink

    links = (
        ContributionLink.objects.filter(contribution_id__in=ids)
        .exclude(commitment__status="withdrawn")
        .select_related("commitment__process")
        .order_by("contribution_id", "relation", "commitment__identifier")
    )
    with translation.override(language):
        for link in links:
            commitment = link.commitment
            title = getattr(commitment, f"title_{language}") or commitment.title
            response, _other = in_language(
                {"en": link.response_en or "", "fr": link.response_fr or ""}, language
            )
            outcomes[link.contribution_id].led_to.append(
                OutcomeLink(
                    label=_("Commitment"),
                    title=f"{commitment.identifier} – {title}",
                    url=commitment.get_absolute_url(),
                    response=response,
                )
            )


def plan_change_outcomes(ids: Sequence[int], outcomes: dict[int, Outcome], language: str) -> None:
    """The changes to a published plan that cite a contribution (one query)."""
    through = ChangeExplanation.cited_comments.through
    cited = (
        through.objects.filter(
            contribution_id__in=ids,
            changeexplanation__version__status__in=[
                PlanVersion.Status.REVIEW,
                PlanVersion.Status.FINAL,
                PlanVersion.Status.SUPERSEDED,
            ],
        )
        .select_related(
            "changeexplanation__version__plan__process",
            "changeexplanation__new_paragraph",
        )
        .order_by("contribution_id", "changeexplanation__pk")
    )
    with translation.override(language):
        for row in cited:
            link = _change_to_the_plan(row.changeexplanation, language)
            outcomes[row.contribution_id].led_to.append(link)


def _change_to_the_plan(change: ChangeExplanation, language: str) -> OutcomeLink:
    """The changed paragraph (or the version when the change removed one), with why."""
    version = change.version
    paragraph = change.new_paragraph
    title = getattr(version, f"title_{language}") or version.title
    url = version.get_absolute_url()
    if paragraph is not None:
        paragraph.version = version
        title = _("%(version)s, paragraph %(number)s") % {
            "version": title,
            "number": paragraph.number,
        }
        url = paragraph.get_absolute_url()
    explanation, _other = in_language(
        {"en": change.explanation_en or "", "fr": change.explanation_fr or ""}, language
    )
    return OutcomeLink(label=_("Change to the plan"), title=title, url=url, response=explanation)


def register() -> None:
    """Called from AnalysisConfig.ready()."""
    from coplan.contributions.outcomes import register_outcome_source
    from coplan.processes.heard import register_heard_reports

    register_outcome_source("analysis.assessment", assessment_outcomes, order=10)
    register_outcome_source("commitments.links", commitment_outcomes, order=20)
    register_outcome_source("plans.changes", plan_change_outcomes, order=30)
    register_heard_reports(heard_reports)


def heard_reports(process_ids: Sequence[int]) -> list:
    """The published What We Heard reports of these processes, newest first (one query)."""
    from coplan.processes.heard import HeardReport

    reports = (
        Report.objects.filter(process_id__in=process_ids, status=Report.Status.PUBLISHED)
        .select_related("phase")
        .only("pk", "process_id", "phase_id", "phase__name_en", "phase__name_fr", "published_at")
        .order_by("-published_at", "-pk")
    )
    language = (translation.get_language() or "en")[:2]
    found = []
    for report in reports:
        published_on = timezone.localdate(report.published_at)
        date = formats.date_format(published_on, "DATE_FORMAT")
        if report.phase is not None:
            phase = getattr(report.phase, f"name_{language}", None) or report.phase.name_en
            title = _("What We Heard: %(phase)s, %(date)s") % {"phase": phase, "date": date}
        else:
            title = _("What We Heard, %(date)s") % {"date": date}
        found.append(
            HeardReport(
                process_id=report.process_id,
                phase_id=report.phase_id,
                title=title,
                url=reverse("analysis:report", kwargs={"pk": report.pk}),
                published_on=published_on,
            )
        )
    return found
