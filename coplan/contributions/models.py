"""The corpus: every piece of public input, whatever its channel, is one Contribution.

Personal details (name, email) never sit in this table: they are in ContributorContact, which
the privacy registry knows how to export and de-identify.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10_000
COMMENT_MAX_LENGTH = 5_000
PAGE_FEEDBACK_MAX_LENGTH = 2_000
FLAG_NOTE_MAX_LENGTH = 500


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social media")
    IN_PERSON = "in_person", _("In person")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")


class Kind(models.TextChoices):
    IDEA = "idea", _("Idea")
    COMMENT = "comment", _("Comment")
    REPLY = "reply", _("Reply")
    PAGE_FEEDBACK = "page_feedback", _("Page feedback")
    SUBMISSION = "submission", _("Submission")
    # A session a partner or a third party proposes to hold: the events app keeps its date,
    # place and host on the (unlisted until published) session it points at.
    SESSION_PROPOSAL = "session_proposal", _("Session proposal")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class ModerationState(models.TextChoices):
    PENDING = "pending", _("Pending moderation")
    # Context: the French agrees with « contribution » (feminine).
    PUBLISHED = "published", pgettext_lazy("contribution", "Published")
    REJECTED = "rejected", _("Rejected")
    HIDDEN = "hidden", _("Hidden")
    WITHDRAWN = "withdrawn", _("Withdrawn by author")


# Allowed moderation transitions, checked in one place (moderation services).
MODERATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ModerationState.PENDING: frozenset(
        {ModerationState.PUBLISHED, ModerationState.REJECTED, ModerationState.WITHDRAWN}
    ),
    ModerationState.PUBLISHED: frozenset({ModerationState.HIDDEN}),
    ModerationState.HIDDEN: frozenset({ModerationState.PUBLISHED}),
    ModerationState.REJECTED: frozenset({ModerationState.PUBLISHED}),
    ModerationState.WITHDRAWN: frozenset(),
}


class Province(models.TextChoices):
    AB = "AB", _("Alberta")
    BC = "BC", _("British Columbia")
    MB = "MB", _("Manitoba")
    NB = "NB", _("New Brunswick")
    NL = "NL", _("Newfoundland and Labrador")
    NS = "NS", _("Nova Scotia")
    NT = "NT", _("Northwest Territories")
    NU = "NU", _("Nunavut")
    ON = "ON", _("Ontario")
    PE = "PE", _("Prince Edward Island")
    QC = "QC", _("Quebec")
    SK = "SK", _("Saskatchewan")
    YT = "YT", _("Yukon")
    OUTSIDE = "XX", _("Outside Canada")


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def published(self) -> ContributionQuerySet:
        """Published contributions only (the only ones the public ever sees)."""
        return self.filter(moderation_state=ModerationState.PUBLISHED)

    def for_target(self, target: models.Model) -> ContributionQuerySet:
        """Contributions about one object (an idea, a commitment, a paragraph...)."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )


class Contribution(models.Model):
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("process"),
    )
    phase = models.ForeignKey(
        "processes.Phase",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("phase"),
    )
    opportunity = models.ForeignKey(
        "processes.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("opportunity"),
    )
    channel = models.CharField(_("channel"), max_length=15, choices=Channel, default=Channel.WEB)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("target type")
    )
    target_id = models.PositiveBigIntegerField(_("target id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    # Blank only for page feedback that answers "was this page useful?" without a comment;
    # contribution_submit requires text for every other kind.
    text = models.TextField(_("text"), blank=True)
    redacted_text = models.TextField(_("redacted text"), blank=True)
    redacted_title = models.CharField(_("redacted title"), max_length=TITLE_MAX_LENGTH, blank=True)
    language = models.CharField(
        _("language"), max_length=7, choices=Language, default=Language.UNKNOWN
    )
    page_url = models.CharField(_("page address"), max_length=500, blank=True)
    page_useful = models.BooleanField(_("page was useful"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    external_ref = models.CharField(
        _("external reference"),
        max_length=255,
        blank=True,
        help_text=_("Message-ID, post id or import row: unique per channel."),
    )
    provenance = models.JSONField(_("provenance"), default=dict, blank=True)
    consent_to_publish = models.BooleanField(_("consent to publish"), default=False)
    moderation_state = models.CharField(
        _("moderation state"),
        max_length=10,
        choices=ModerationState,
        default=ModerationState.PENDING,
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
        verbose_name=_("author"),
    )
    duplicate_group = models.CharField(
        _("duplicate group"), max_length=64, blank=True, db_index=True
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    comment_count = models.PositiveIntegerField(_("published comments"), default=0)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="contribution_unique_external_ref",
            ),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id", "moderation_state"]),
            models.Index(fields=["process", "moderation_state", "-received_at"]),
            models.Index(fields=["opportunity", "kind", "moderation_state"]),
            # The idea list's three orders: newest, most supported, most discussed.
            models.Index(
                fields=["opportunity", "kind", "moderation_state", "-received_at", "-id"],
                name="contribution_list_newest",
            ),
            models.Index(
                fields=["opportunity", "kind", "moderation_state", "-support_count", "-id"],
                name="contribution_list_supported",
            ),
            models.Index(
                fields=["opportunity", "kind", "moderation_state", "-comment_count", "-id"],
                name="contribution_list_discussed",
            ),
            models.Index(fields=["moderation_state", "received_at"], name="contribution_queue"),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        if self.kind == Kind.IDEA:
            return reverse("contributions:idea_detail", kwargs={"pk": self.pk})
        return ""

    def public_page_url(self) -> str:
        """Where the public reads this contribution and what became of it: an idea's own page,
        or the contribution's page for every other kind (page feedback is never public)."""
        from django.urls import reverse

        if self.kind == Kind.IDEA:
            return reverse("contributions:idea_detail", kwargs={"pk": self.pk})
        if self.kind == Kind.PAGE_FEEDBACK:
            return ""
        return reverse("contributions:detail", kwargs={"pk": self.pk})

    @property
    def public_text(self) -> str:
        """What the public and every export see: the redacted text when there is one."""
        return self.redacted_text or self.text

    @property
    def public_title(self) -> str:
        return self.redacted_title or self.title


class ContributorContact(models.Model):
    """The optional name and email a contributor gave: personal information, kept apart."""

    contribution = models.OneToOneField(
        Contribution, on_delete=models.CASCADE, related_name="contact"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("contributor contact")
        verbose_name_plural = _("contributor contacts")

    def __str__(self) -> str:
        return str(_("Contact for contribution %(number)s") % {"number": self.contribution_id})


class Support(models.Model):
    """One person's support for an idea, counted once per person under the opportunity's voice
    rule: per browser session (a keyed hash, never the session itself), per account, or per
    email address confirmed through a link ("email:" and a keyed hash of the address).

    Only a confirmed support counts. The address itself is kept only until it is confirmed: the
    confirmation link is emailed to it, then it is erased (the keyed hash keeps it counted once).
    """

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="supports"
    )
    supporter_key = models.CharField(_("supporter key"), max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("account"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Waiting for confirmation only: where the link goes, and in which language.
    email = models.EmailField(_("email address to confirm"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "supporter_key"], name="support_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Support for contribution %(number)s") % {"number": self.contribution_id})


class Flag(models.Model):
    """A member of the public telling moderators a published item breaks the rules."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="flags")
    flagger_key = models.CharField(_("flagger key"), max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("account"),
    )
    note = models.CharField(_("why"), max_length=FLAG_NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "flagger_key"], name="flag_once_per_person"
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "contribution"])]

    def __str__(self) -> str:
        return str(_("Flag on contribution %(number)s") % {"number": self.contribution_id})
