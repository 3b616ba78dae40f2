"""The columns of the commitments, milestones and questionnaire-results tables.

Their rows are written from dictionaries keyed by the columns' keys (commitments.exports,
rows.questionnaire_result_rows), so these columns need no `python` or `sql` of their own.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coplan.processes.models import Process

from .spec import BOOLEAN, DATE, INTEGER, NUMBER, STRING, Column, Resource, choices


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
        Column(
            "title_en", _("Title (English)"), STRING, _("Its title in English."), free_text=True
        ),
        Column("title_fr", _("Title (French)"), STRING, _("Its title in French."), free_text=True),
        Column(
            "lead_organisations_en",
            _("Lead organisations (English)"),
            STRING,
            _("Lead implementing organisations, separated by semicolons."),
            free_text=True,
        ),
        Column(
            "lead_organisations_fr",
            _("Lead organisations (French)"),
            STRING,
            _("Lead implementing organisations, in French."),
            free_text=True,
        ),
        Column(
            "partners_en", _("Partners (English)"), STRING, _("Confirmed partners."), free_text=True
        ),
        Column(
            "partners_fr",
            _("Partners (French)"),
            STRING,
            _("Confirmed partners, in French."),
            free_text=True,
        ),
        Column("themes_en", _("Themes (English)"), STRING, _("Its themes."), free_text=True),
        Column(
            "themes_fr", _("Themes (French)"), STRING, _("Its themes, in French."), free_text=True
        ),
        Column(
            "ogp_values",
            _("OGP values"),
            STRING,
            _("OGP values it advances, separated by semicolons."),
        ),
        Column("starts_on", _("Starts on"), DATE, _("Start date.")),
        Column("ends_on", _("Ends on"), DATE, _("End date.")),
        Column(
            "contact_office_en",
            _("Contact office (English)"),
            STRING,
            _("The office to contact."),
            free_text=True,
        ),
        Column(
            "contact_office_fr",
            _("Contact office (French)"),
            STRING,
            _("The office to contact, in French."),
            free_text=True,
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
        Column(
            "description_en",
            _("Description (English)"),
            STRING,
            _("What is to be done."),
            free_text=True,
        ),
        Column(
            "description_fr",
            _("Description (French)"),
            STRING,
            _("What is to be done, in French."),
            free_text=True,
        ),
        Column("starts_on", _("Starts on"), DATE, _("Start date.")),
        Column("ends_on", _("Ends on"), DATE, _("End date.")),
        Column(
            "responsible_en",
            _("Responsible (English)"),
            STRING,
            _("The responsible organisation."),
            free_text=True,
        ),
        Column(
            "responsible_fr",
            _("Responsible (French)"),
            STRING,
            _("The responsible organisation, in French."),
            free_text=True,
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
        Column(
            "question_en",
            _("Question (English)"),
            STRING,
            _("The question, in English."),
            free_text=True,
        ),
        Column(
            "question_fr",
            _("Question (French)"),
            STRING,
            _("The question, in French."),
            free_text=True,
        ),
        Column(
            "answer_en",
            _("Answer (English)"),
            STRING,
            _("The answer counted, in English."),
            free_text=True,
        ),
        Column(
            "answer_fr",
            _("Answer (French)"),
            STRING,
            _("The answer counted, in French."),
            free_text=True,
        ),
        Column("respondents", _("Respondents"), INTEGER, _("People who answered the question.")),
        Column(
            "count", _("Count"), INTEGER, _("People who gave this answer (ranking: who ranked it).")
        ),
        Column("share", _("Share"), NUMBER, _("Percent of the question's respondents.")),
        Column("mean_rank", _("Mean rank"), NUMBER, _("Mean rank given (ranking questions only).")),
    ],
)
