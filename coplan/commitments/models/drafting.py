from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .commitment import TEXT_FIELDS, Commitment, Status

NOTE_MAX_LENGTH = 500
REASON_MAX_LENGTH = 2_000


class CommitmentVersion(models.Model):
    """A saved state of a commitment's template: every co-drafting save makes one."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="versions", verbose_name=_("commitment")
    )
    number = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    # The author's organisation at the time: what the public sees instead of a person's name.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    amendment = models.ForeignKey(
        "Amendment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted amendment"),
    )
    # The template as text, per field and language (see services.commitment_snapshot).
    data = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("commitment version")
        verbose_name_plural = _("commitment versions")
        ordering = ["commitment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="commitment_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} v{self.number}"


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


AMENDMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    AmendmentStatus.PROPOSED: frozenset({AmendmentStatus.ACCEPTED, AmendmentStatus.DECLINED}),
    AmendmentStatus.ACCEPTED: frozenset(),
    AmendmentStatus.DECLINED: frozenset(),
}


class AmendmentLanguage(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class Amendment(models.Model):
    """A participant's proposed replacement text for one field of a draft, with a reason.

    The proposal is also a Contribution (the one corpus): moderated, analysed and published like
    every other piece of public input. The public sees it once moderation has published it.
    """

    FIELD_CHOICES = [(name, Commitment._meta.get_field(name).verbose_name) for name in TEXT_FIELDS]

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("commitment"),
    )
    contribution = models.OneToOneField(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="amendment",
        verbose_name=_("contribution"),
    )
    field = models.CharField(_("field"), max_length=20, choices=FIELD_CHOICES)
    language = models.CharField(_("language"), max_length=2, choices=AmendmentLanguage)
    replacement = models.TextField(_("replacement text"))
    reason = models.TextField(_("reason"))
    # Masked copies (blank when nothing was masked), made by the corpus's one masking rule when
    # the amendment is proposed: the public only ever sees these, and accepting an amendment
    # copies the masked replacement into the commitment.
    redacted_replacement = models.TextField(_("redacted replacement text"), blank=True)
    redacted_reason = models.TextField(_("redacted reason"), blank=True)
    based_on_version = models.PositiveIntegerField(_("based on version"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitment_amendments",
        verbose_name=_("author"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AmendmentStatus, default=AmendmentStatus.PROPOSED
    )
    response = models.TextField(_("response"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["commitment", "-created_at", "-pk"]
        indexes = [models.Index(fields=["commitment", "status"])]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.field}_{self.language}"

    @property
    def field_key(self) -> str:
        return f"{self.field}_{self.language}"

    @property
    def public_replacement(self) -> str:
        """What the public sees and what accepting applies: the masked text when there is one."""
        return self.redacted_replacement or self.replacement

    @property
    def public_reason(self) -> str:
        return self.redacted_reason or self.reason


class CommitmentTransition(models.Model):
    """A record that a commitment moved from one status to another: who, when and why."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("commitment"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["commitment", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.from_status} → {self.to_status}"


class LinkRelation(models.TextChoices):
    PRIMARY = "primary", _("Main source")
    SECONDARY = "secondary", _("Also informed it")


class ContributionLink(models.Model):
    """“Where it came from”: a contribution that inspired a commitment, with a reasoned response."""

    contribution = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="commitment_links",
        verbose_name=_("contribution"),
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="contribution_links",
        verbose_name=_("commitment"),
    )
    relation = models.CharField(
        _("relation"), max_length=10, choices=LinkRelation, default=LinkRelation.PRIMARY
    )
    response = models.TextField(_("response"))
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("linked by"),
    )
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        verbose_name = _("contribution link")
        verbose_name_plural = _("contribution links")
        ordering = ["commitment", "relation", "-linked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "commitment"], name="contribution_link_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.commitment_id}"
