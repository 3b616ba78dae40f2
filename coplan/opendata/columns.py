"""The columns of every published table, and the data dictionary built from them.

Header choice (documented in the data dictionary and the README): one file per format with
bilingual column headers, "English | French" (as in Canada's 2018 consultation data set), so a
single file serves readers of both languages and rows are never duplicated. Values that are
codes (channel, kind, language, phase, disposition, theme…) stay language-neutral codes; the
dictionary gives each allowed value's meaning in both languages. JSON uses the stable
snake_case keys, which the dictionary also lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coplan.contributions.models import Channel, Kind, Language
from coplan.processes.models import Phase, Process

# Frictionless table-schema types.
INTEGER, STRING, DATETIME, DATE, NUMBER, BOOLEAN = (
    "integer",
    "string",
    "datetime",
    "date",
    "number",
    "boolean",
)

AllowedValues = Callable[[Process], list[tuple[str, str, str]]]


def in_both(text: Promise | str) -> tuple[str, str]:
    """A translatable text in English and in French."""
    with translation.override("en"):
        english = str(text)
    with translation.override("fr"):
        french = str(text)
    return english, french


def _choices(choices) -> AllowedValues:
    def allowed(process: Process) -> list[tuple[str, str, str]]:
        return [(value, *in_both(label)) for value, label in choices]

    return allowed


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    type: str
    description: Promise
    allowed: AllowedValues | None = None
    # Free text written by people: spreadsheet formulas are neutralised in CSV and XLSX.
    free_text: bool = False
    required: bool = False

    @property
    def header(self) -> str:
        """The bilingual header, "English | French"."""
        english, french = in_both(self.label)
        return f"{english} | {french}"


@dataclass(frozen=True)
class Resource:
    name: str
    title: Promise
    description: Promise
    columns: list[Column] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def _phases(process: Process) -> list[tuple[str, str, str]]:
    return _choices(Phase.Kind.choices)(process)


def _opportunities(process: Process) -> list[tuple[str, str, str]]:
    from coplan.processes.models import Opportunity

    rows = Opportunity.objects.filter(phase__process=process).order_by(
        "phase__position", "position"
    )
    return [(o.slug, o.title_en or "", o.title_fr or "") for o in rows]


def _themes(process: Process) -> list[tuple[str, str, str]]:
    from coplan.analysis.models import Theme

    return [
        (theme.code, theme.name_en or "", theme.name_fr or "")
        for theme in Theme.objects.filter(process=process).order_by("position", "pk")
    ]


def _dispositions(process: Process) -> list[tuple[str, str, str]]:
    from coplan.analysis.models import Disposition

    return [(d.code, d.name_en or "", d.name_fr or "") for d in Disposition.objects.all()]


def _commitments(process: Process) -> list[tuple[str, str, str]]:
    from coplan.commitments.models import Commitment

    return [
        (c.identifier, c.title_en or "", c.title_fr or "")
        for c in Commitment.objects.filter(process=process).order_by("position", "identifier")
    ]


CONTEXT_TYPES = [
    ("process", _("The consultation as a whole")),
    ("opportunity", _("An opportunity to take part")),
    ("idea", _("An idea or another contribution (for comments and replies)")),
    ("commitment", _("A commitment")),
    ("milestone", _("A milestone of a commitment")),
    ("plan_paragraph", _("A paragraph of the plan")),
    ("plan_version", _("A version of the plan as a whole")),
    ("event", _("An in-person or online session")),
    ("questionnaire", _("A questionnaire")),
    ("web_page", _("A page of the site")),
    ("other", _("Another published object")),
]

CONTRIBUTIONS = Resource(
    name="contributions",
    title=_("Comments received and how they were used"),
    description=_(
        "Every published contribution whose author agreed to its publication, in the words of "
        "its author with personal details masked, and what was done with it."
    ),
    columns=[
        Column("row", _("Identifier"), INTEGER, _("The contribution's number."), required=True),
        Column("process", _("Process"), STRING, _("Short name of the consultation.")),
        Column("phase", _("Phase"), STRING, _("Phase of the cycle it was received in."), _phases),
        Column(
            "opportunity",
            _("Opportunity"),
            STRING,
            _("Short name of the opportunity to take part it answered (blank: none)."),
            _opportunities,
        ),
        Column(
            "source",
            _("Source"),
            STRING,
            _("The channel it came through."),
            _choices(Channel.choices),
        ),
        Column(
            "context_type",
            _("Context type"),
            STRING,
            _("What kind of thing it answered."),
            _choices(CONTEXT_TYPES),
        ),
        Column(
            "context_en",
            _("Context (English)"),
            STRING,
            _("What it answered, in English: the idea, paragraph, milestone or event."),
            free_text=True,
        ),
        Column(
            "context_fr",
            _("Context (French)"),
            STRING,
            _("What it answered, in French."),
            free_text=True,
        ),
        Column("kind", _("Kind"), STRING, _("Kind of contribution."), _choices(Kind.choices)),
        Column(
            "language",
            _("Source language"),
            STRING,
            _("The language it was written in."),
            _choices(Language.choices),
        ),
        Column(
            "received",
            _("Received"),
            DATETIME,
            _("When it was received (ISO 8601, UTC)."),
        ),
        Column(
            "title",
            _("Title"),
            STRING,
            _("Its title in the source language, personal details masked (ideas only)."),
            free_text=True,
        ),
        Column(
            "comment",
            _("Comment"),
            STRING,
            _("Its text in the source language, personal details masked."),
            free_text=True,
        ),
        Column(
            "translation_language",
            _("Translation language"),
            STRING,
            _("Language of the translation, when one was made."),
            _choices([("en", _("English")), ("fr", _("French"))]),
        ),
        Column(
            "translation",
            _("Translation"),
            STRING,
            _("A translation by the team, when available."),
            free_text=True,
        ),
        Column("votes", _("Votes"), INTEGER, _("How many people supported it.")),
        Column(
            "primary_commitment",
            _("Primary commitment"),
            STRING,
            _("Identifier of the commitment it was the main source of."),
            _commitments,
        ),
        Column(
            "secondary_commitments",
            _("Secondary commitments"),
            STRING,
            _("Identifiers of other commitments it informed, separated by semicolons."),
            _commitments,
        ),
        Column(
            "primary_theme",
            _("Primary theme"),
            STRING,
            _("Code of its main theme in the codebook."),
            _themes,
        ),
        Column(
            "themes",
            _("Themes"),
            STRING,
            _("Codes of every theme it was coded with, separated by semicolons."),
            _themes,
        ),
        Column(
            "campaign",
            _("Campaign"),
            STRING,
            _("Group of near-identical contributions (form letter) it belongs to."),
        ),
        Column(
            "campaign_size",
            _("Campaign size"),
            INTEGER,
            _("How many people sent the campaign's text (blank: not part of a campaign)."),
        ),
        Column(
            "disposition",
            _("Disposition"),
            STRING,
            _("What became of it."),
            _dispositions,
        ),
        Column(
            "response_en",
            _("Reasoned response (English)"),
            STRING,
            _("Why, in English."),
            free_text=True,
        ),
        Column(
            "response_fr",
            _("Reasoned response (French)"),
            STRING,
            _("Why, in French."),
            free_text=True,
        ),
        Column("url", _("Public page"), STRING, _("Address of the page where it is published.")),
    ],
)

COMMITMENTS = Resource(
    name="commitments",
    title=_("Commitments"),
    description=_("The commitments of the plan, as the OGP template describes them."),
    columns=[
        Column(
            "identifier", _("Identifier"), STRING, _("The commitment's identifier."), required=True
        ),
        Column("position", _("Position"), INTEGER, _("Its place in the plan.")),
        Column("status", _("Status"), STRING, _("Where it stands in its lifecycle."), None),
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
            _commitments,
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
        Column("status", _("Status"), STRING, _("Where it stands."), None),
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


def _status_choices() -> None:
    # Statuses come from the commitments app's own choices (set here to avoid an import cycle
    # at module load: columns are imported by the API schema too).
    from coplan.commitments.models import MilestoneStatus, Status

    object.__setattr__(COMMITMENTS.columns[2], "allowed", _choices(Status.choices))
    object.__setattr__(MILESTONES.columns[8], "allowed", _choices(MilestoneStatus.choices))


_status_choices()

RESOURCES_BY_KIND: dict[str, list[Resource]] = {
    "contributions": [CONTRIBUTIONS],
    "commitments": [COMMITMENTS, MILESTONES],
    "questionnaire_results": [QUESTIONNAIRE_RESULTS],
}


def dictionary(resource: Resource, process: Process) -> list[dict]:
    """The data dictionary of a resource: each column's names, type, meaning, allowed values."""
    entries = []
    for column in resource.columns:
        label_en, label_fr = in_both(column.label)
        description_en, description_fr = in_both(column.description)
        allowed = column.allowed(process) if column.allowed else []
        entries.append(
            {
                "key": column.key,
                "header": column.header,
                "label_en": label_en,
                "label_fr": label_fr,
                "type": column.type,
                "description_en": description_en,
                "description_fr": description_fr,
                "allowed": [
                    {"value": value, "meaning_en": en, "meaning_fr": fr}
                    for value, en, fr in allowed
                ],
            }
        )
    return entries
