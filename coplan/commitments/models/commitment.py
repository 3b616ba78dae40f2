from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coplan.accounts import roles

LONG_TEXT_MAX_LENGTH = 10_000
TITLE_MAX_LENGTH = 250

# The template's bilingual text fields: each is versioned, diffed and open to amendments.
TEXT_FIELDS: tuple[str, ...] = (
    "title",
    "problem",
    "status_quo",
    "description",
    "how_it_helps",
    "relevance",
)

# The Open Government Partnership commitment template, in order: what
# commitments/commitment_template.html renders, each section with the anchor
# id="<identifier>-<key>" so that plan paragraphs can point at a field.
COMMITMENT_TEMPLATE_FIELDS: tuple[tuple[str, str], ...] = (
    ("identifier", _("Identifier")),
    ("title", _("Title")),
    ("lead_organisations", _("Lead implementing organisations")),
    ("other_actors", _("Other actors involved")),
    ("problem", _("Problem addressed")),
    ("status_quo", _("Status quo")),
    ("description", _("What is the commitment?")),
    ("how_it_helps", _("How will the commitment contribute to solving the problem?")),
    ("relevance", _("Relevance to OGP values")),
    ("themes", _("Themes")),
    ("dates", _("Start and end dates")),
    ("contact", _("Point of contact")),
    ("milestones", _("Milestones")),
)


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DRAFT = "draft", _("Draft")
    IN_DRAFT_PLAN = "in_draft_plan", _("In the draft plan")
    FINAL = "final", _("In the final plan")
    IN_IMPLEMENTATION = "in_implementation", _("In implementation")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


_ADMIN = frozenset({roles.ADMINISTRATOR})
_CODRAFTERS = frozenset({roles.ADMINISTRATOR, roles.FORUM_MEMBER})

# The lifecycle: for each status, the statuses it may move to and the roles allowed to move it.
# Checked in one place (services.commitment_transition); every move is recorded.
TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    Status.PROPOSED: {Status.DRAFT: _CODRAFTERS, Status.WITHDRAWN: _CODRAFTERS},
    Status.DRAFT: {
        Status.IN_DRAFT_PLAN: _ADMIN,
        Status.PROPOSED: _CODRAFTERS,
        Status.WITHDRAWN: _ADMIN,
    },
    Status.IN_DRAFT_PLAN: {Status.FINAL: _ADMIN, Status.DRAFT: _ADMIN, Status.WITHDRAWN: _ADMIN},
    Status.FINAL: {Status.IN_IMPLEMENTATION: _ADMIN, Status.WITHDRAWN: _ADMIN},
    Status.IN_IMPLEMENTATION: {Status.COMPLETED: _ADMIN, Status.WITHDRAWN: _ADMIN},
    Status.COMPLETED: {},
    Status.WITHDRAWN: {},
}

# Statuses whose text the co-drafters may still change (later, the plan is the record).
EDITABLE_STATUSES = frozenset({Status.PROPOSED, Status.DRAFT, Status.IN_DRAFT_PLAN})
# Statuses in which the public may propose amendments and comment on the draft.
CODRAFTING_STATUSES = frozenset({Status.DRAFT})
# Statuses with milestones being implemented and reported on.
TRACKING_STATUSES = frozenset({Status.IN_IMPLEMENTATION, Status.COMPLETED})


class OgpValue(models.TextChoices):
    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    CIVIC_PARTICIPATION = "civic_participation", _("Civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    TECHNOLOGY_AND_INNOVATION = "technology_innovation", _("Technology and innovation")


class Theme(models.Model):
    """A theme of the plan (open data, democracy, access to information...)."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=120)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


def _long_text(verbose_name: str) -> models.TextField:
    return models.TextField(
        verbose_name, blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX_LENGTH)]
    )


class Commitment(models.Model):
    """One commitment of a plan, in the Open Government Partnership template."""

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("process"),
    )
    identifier = models.SlugField(
        _("identifier"), max_length=20, help_text=_("As the plan numbers it, e.g. “C-07”.")
    )
    position = models.PositiveSmallIntegerField(_("position in the plan"), default=0)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    problem = _long_text(_("problem addressed"))
    status_quo = _long_text(_("status quo"))
    description = _long_text(_("what the commitment is"))
    how_it_helps = _long_text(_("how it will help solve the problem"))
    relevance = _long_text(_("relevance to OGP values"))
    ogp_values = models.JSONField(_("OGP values"), default=list, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="commitments", verbose_name=_("themes")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    contact_office = models.CharField(
        _("point of contact (office)"),
        max_length=250,
        blank=True,
        help_text=_("A public office, never a person: e.g. “Open Government Secretariat”."),
    )
    contact_email = models.EmailField(
        _("office email address"),
        blank=True,
        help_text=_("The office's shared mailbox, never a person's own address."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PROPOSED, db_index=True
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Optimistic concurrency: a save names the version it was based on.
    version_number = models.PositiveIntegerField(_("current version"), default=0)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="edited_commitments",
        verbose_name=_("assigned department staff"),
        help_text=_("Department staff who co-draft this commitment with the forum."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["process", "position", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "identifier"], name="commitment_unique_identifier"
            ),
        ]
        indexes = [models.Index(fields=["process", "status"])]

    def __str__(self) -> str:
        return f"{self.identifier} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "commitments:detail",
            kwargs={"process_slug": self.process.slug, "identifier": self.identifier},
        )

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
        unknown = set(self.ogp_values or []) - set(OgpValue.values)
        if unknown:
            raise ValidationError({"ogp_values": _("Unknown OGP value.")})

    @property
    def ogp_value_labels(self) -> list[str]:
        return [OgpValue(value).label for value in OgpValue.values if value in self.ogp_values]

    def _public_actors(self) -> list[CommitmentActor]:
        # selectors prefetch confirmed actors into `public_actors`; fall back to one query.
        actors = getattr(self, "public_actors", None)
        if actors is None:
            actors = list(
                self.actors.filter(status=PartnershipStatus.CONFIRMED).select_related(
                    "organisation"
                )
            )
            self.public_actors = actors
        return actors

    @property
    def lead_actors(self) -> list[CommitmentActor]:
        """Lead implementing organisations (confirmed by construction)."""
        return [actor for actor in self._public_actors() if actor.kind == ActorKind.LEAD]

    @property
    def other_actors_by_kind(self) -> list[tuple[str, list[CommitmentActor]]]:
        """Confirmed partners grouped as the template lists them: only confirmed ones are public."""
        groups = []
        for kind in (
            ActorKind.GOVERNMENT,
            ActorKind.CIVIL_SOCIETY,
            ActorKind.PRIVATE_SECTOR,
            ActorKind.OTHER,
        ):
            actors = [actor for actor in self._public_actors() if actor.kind == kind]
            if actors:
                groups.append((kind.label, actors))
        return groups

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_codrafting(self) -> bool:
        return self.status in CODRAFTING_STATUSES


class ActorKind(models.TextChoices):
    LEAD = "lead", _("Lead implementing organisation")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    OTHER = "other", _("Other")


class PartnershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


# An invited organisation answers once; an answer can be changed by the organisation.
PARTNERSHIP_TRANSITIONS: dict[str, frozenset[str]] = {
    PartnershipStatus.INVITED: frozenset({PartnershipStatus.CONFIRMED, PartnershipStatus.DECLINED}),
    PartnershipStatus.CONFIRMED: frozenset({PartnershipStatus.DECLINED}),
    PartnershipStatus.DECLINED: frozenset({PartnershipStatus.CONFIRMED}),
}


class CommitmentActor(models.Model):
    """An organisation with a role in a commitment: a lead, or a partner invited to confirm."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="actors", verbose_name=_("commitment")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="commitment_roles",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind of actor"), max_length=20, choices=ActorKind)
    role = models.CharField(_("role"), max_length=500, blank=True)
    status = models.CharField(
        _("partnership"),
        max_length=10,
        choices=PartnershipStatus,
        default=PartnershipStatus.INVITED,
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("commitment actor")
        verbose_name_plural = _("commitment actors")
        ordering = ["commitment", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation", "kind"], name="actor_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_kind_display()})"

    @property
    def is_lead(self) -> bool:
        return self.kind == ActorKind.LEAD

    @property
    def is_confirmed(self) -> bool:
        return self.status == PartnershipStatus.CONFIRMED
