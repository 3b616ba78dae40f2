"""The columns of the commitments, milestones and questionnaire-results tables.

Declared with the same Column specification as the contributions table (spec.py). Their rows
are records keyed by the columns' keys (commitments.exports, rows.questionnaire_result_rows)
that Resource.row puts in the columns' order, so these columns need no `python` or `sql`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coplan.processes.models import Process

from .spec import BOOLEAN, DATE, INTEGER, NUMBER, STRING, Column, Resource, bilingual, choices


def commitment_identifiers(process: Process) -> list[tuple[str, str, str]]:
    from coplan.commitments.models import Commitment

    return [
        (c.identifier, c.title_en or "", c.title_fr or "")
        for c in Commitment.objects.filter(process=process).order_by("position", "identifier")
    ]


def _statuses(process: Process) -> list[tuple[str, str, str]]:
    from coplan.commitments.models import Status

    return choices(Status.choices)(process)


def _milestone_statuses(process: Process) -> list[tuple[str, str, str]]:
    from coplan.commitments.models import MilestoneStatus

    return choices(MilestoneStatus.choices)(process)


COMMITMENTS = Resource(
    name="commitments",
    title=_("Commitments"),
    description=_("The commitments of the plan, as the OGP template describes them."),
    columns=[
        Column(
            "identifier", _("Identifier"), STRING, _("The commitment's identifier."), required=True
        ),
        Column("position", _("Position"), INTEGER, _("Its place in the plan.")),
        Column("status", _("Status"), STRING, _("Where it stands in its lifecycle."), _statuses),
        *bilingual(
            "title",
            (_("Title (English)"), _("Title (French)")),
            (_("Its title in English."), _("Its title in French.")),
        ),
        *bilingual(
            "lead_organisations",
            (_("Lead organisations (English)"), _("Lead organisations (French)")),
            (
                _("Lead implementing organisations, separated by semicolons."),
                _("Lead implementing organisations, in French."),
            ),
        ),
        *bilingual(
            "partners",
            (_("Partners (English)"), _("Partners (French)")),
            (_("Confirmed partners."), _("Confirmed partners, in French.")),
        ),
        *bilingual(
            "themes",
            (_("Themes (English)"), _("Themes (French)")),
            (_("Its themes."), _("Its themes, in French.")),
        ),
        Column(
            "ogp_values",
            _("OGP values"),
            STRING,
            _("OGP values it advances, separated by semicolons."),
        ),
        Column("starts_on", _("Starts on"), DATE, _("Start date.")),
        Column("ends_on", _("Ends on"), DATE, _("End date.")),
        *bilingual(
            "contact_office",
            (_("Contact office (English)"), _("Contact office (French)")),
            (_("The office to contact."), _("The office to contact, in French.")),
        ),
        Column("milestones", _("Milestones"), INTEGER, _("Number of milestones.")),
        Column(
            "milestones_completed",
            _("Milestones completed"),
            INTEGER,
            _("Number of completed milestones."),
        ),
        Column(
            "milestones_overdue",
            _("Milestones overdue"),
            INTEGER,
            _("Number of overdue milestones."),
        ),
        Column("version", _("Text version"), INTEGER, _("Version of the commitment's text.")),
    ],
)

MILESTONES = Resource(
    name="milestones",
    title=_("Milestones"),
    description=_("The milestones of each commitment and how far they have come."),
    columns=[
        Column(
            "commitment",
            _("Commitment"),
            STRING,
            _("Identifier of the commitment."),
            commitment_identifiers,
            required=True,
        ),
        Column("position", _("Position"), INTEGER, _("Its place in the commitment.")),
        *bilingual(
            "description",
            (_("Description (English)"), _("Description (French)")),
            (_("What is to be done."), _("What is to be done, in French.")),
        ),
        Column("starts_on", _("Starts on"), DATE, _("Start date.")),
        Column("ends_on", _("Ends on"), DATE, _("End date.")),
        *bilingual(
            "responsible",
            (_("Responsible (English)"), _("Responsible (French)")),
            (_("The responsible organisation."), _("The responsible organisation, in French.")),
        ),
        Column("status", _("Status"), STRING, _("Where it stands."), _milestone_statuses),
        Column(
            "percent_complete",
            _("Percent complete"),
            INTEGER,
            _("How far it has come, from 0 to 100."),
        ),
        Column("completed_on", _("Completed on"), DATE, _("Date of completion.")),
        Column("overdue", _("Overdue"), BOOLEAN, _("Past its end date and not finished.")),
    ],
)

QUESTIONNAIRE_RESULTS = Resource(
    name="questionnaire-results",
    title=_("Questionnaire results"),
    description=_(
        "For each question of each public questionnaire, how many people gave each answer. "
        "Counts only: no single response is published."
    ),
    columns=[
        Column(
            "questionnaire",
            _("Questionnaire"),
            STRING,
            _("Short name of the questionnaire."),
            required=True,
        ),
        Column("question", _("Question number"), INTEGER, _("The question's number.")),
        *bilingual(
            "question",
            (_("Question (English)"), _("Question (French)")),
            (_("The question, in English."), _("The question, in French.")),
        ),
        *bilingual(
            "answer",
            (_("Answer (English)"), _("Answer (French)")),
            (_("The answer counted, in English."), _("The answer counted, in French.")),
        ),
        Column("respondents", _("Respondents"), INTEGER, _("People who answered the question.")),
        Column(
            "count", _("Count"), INTEGER, _("People who gave this answer (ranking: who ranked it).")
        ),
        Column("share", _("Share"), NUMBER, _("Percent of the question's respondents.")),
        Column("mean_rank", _("Mean rank"), NUMBER, _("Mean rank given (ranking questions only).")),
    ],
)
