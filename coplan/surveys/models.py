"""Questionnaires: questions of several types, responses, and their answers.

A questionnaire hangs off any Opportunity (the Planning questionnaire, "Get involved", a
process-review questionnaire of the forum...). Choice answers stay structured (one Answer row per
chosen item, ranked item, rating...) so results are aggregated by the database; free-text answers
become Contributions (channel "questionnaire") and the Answer only points at them.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coplan.contributions.models import Province

SHORT_TEXT_MAX_LENGTH = 300
OTHER_TEXT_MAX_LENGTH = 300
RATING_MIN_LOWEST = 0
RATING_MAX_HIGHEST = 10


class Questionnaire(models.Model):
    class ResultsVisibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("Staff only")

    opportunity = models.ForeignKey(
        "processes.Opportunity",
        on_delete=models.CASCADE,
        related_name="questionnaires",
        verbose_name=_("opportunity"),
    )
    slug = models.SlugField(_("short name"), max_length=80)
    title = models.CharField(_("title"), max_length=250)
    introduction = models.TextField(_("introduction"), blank=True)
    thank_you = models.TextField(_("thank-you message"), blank=True)
    one_response_per_person = models.BooleanField(
        _("one response per person"),
        default=True,
        help_text=_(
            "Counted under the opportunity's “one voice per person” rule: once per browser (a "
            "signed cookie: best effort, since a person can clear their cookies; signed-in "
            "people once per account), once per email address confirmed through a link, or "
            "once per account."
        ),
    )
    requires_account = models.BooleanField(
        _("signing in required"),
        default=False,
        help_text=_("When not set, people may answer anonymously if the opportunity allows it."),
    )
    results_visibility = models.CharField(
        _("results shown to"),
        max_length=10,
        choices=ResultsVisibility,
        default=ResultsVisibility.PUBLIC,
    )
    closes_at = models.DateTimeField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("No responses after this time (the opportunity's own dates also apply)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["opportunity", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "slug"], name="questionnaire_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys:answer", kwargs={"pk": self.pk})

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        """Accepting responses: its opportunity accepts input and its closing date is ahead."""
        now = now or timezone.now()
        if self.closes_at and now >= self.closes_at:
            return False
        return self.opportunity.is_accepting_input(now)

    @property
    def results_are_public(self) -> bool:
        return self.results_visibility == self.ResultsVisibility.PUBLIC


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        RANKING = "ranking", _("Ranking")
        RATING = "rating", _("Rating scale")
        YES_NO = "yes_no", _("Yes or no")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        PROVINCE = "province", _("Province or territory")

    CHOICE_KINDS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING})
    TEXT_KINDS = frozenset({Kind.SHORT_TEXT, Kind.LONG_TEXT})

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("type"), max_length=12, choices=Kind)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    allows_other = models.BooleanField(
        _("offer “Other, please specify”"),
        default=False,
        help_text=_("Single and multiple choice questions only."),
    )
    scale_min = models.SmallIntegerField(_("lowest rating"), default=1)
    scale_max = models.SmallIntegerField(_("highest rating"), default=5)
    scale_min_label = models.CharField(_("meaning of the lowest rating"), max_length=80, blank=True)
    scale_max_label = models.CharField(
        _("meaning of the highest rating"), max_length=80, blank=True
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "position"], name="question_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.kind == self.Kind.RATING and not (
            RATING_MIN_LOWEST <= self.scale_min < self.scale_max <= RATING_MAX_HIGHEST
        ):
            errors["scale_max"] = _(
                "The rating scale must go up from %(lowest)s to at most %(highest)s."
            ) % {"lowest": RATING_MIN_LOWEST, "highest": RATING_MAX_HIGHEST}
        if self.allows_other and self.kind not in (self.Kind.SINGLE, self.Kind.MULTIPLE):
            errors["allows_other"] = _(
                "Only single and multiple choice questions can offer “Other”."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    @property
    def is_choice(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in self.TEXT_KINDS


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=250)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One person's submitted answers. Who answered is kept only to enforce one response."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("questionnaire"),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    language = models.CharField(_("language"), max_length=2, default="en")
    # The answer to the questionnaire's province question, copied for the results filter.
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province, blank=True
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_responses",
        verbose_name=_("respondent"),
    )
    # "u:<account>", "c:<keyed hash of the browser's token>" or "email:<keyed hash of the
    # address>" when the questionnaire takes one response per person; empty otherwise. The
    # unique constraint on confirmed responses is what enforces it.
    respondent_key = models.CharField(_("respondent key"), max_length=80, blank=True)
    # Under the opportunity's "confirmed email" rule a response counts (results, exports, its
    # written answers' contributions) only once its address is confirmed; until then the address
    # is kept to send the link, and erased on confirmation. Every other response is confirmed
    # when it is stored.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    email = models.EmailField(_("email address to confirm"), blank=True)
    # Whether the written answers may be published: given at the review step, applied to their
    # contributions (at once, or on confirmation).
    consent_to_publish = models.BooleanField(_("written answers may be published"), default=False)
    deidentified_at = models.DateTimeField(_("de-identified"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["questionnaire", "pk"]
        indexes = [models.Index(fields=["questionnaire", "province"], name="response_province")]
        constraints = [
            # Unconfirmed responses wait beside a confirmed one: only the confirmed count once.
            models.UniqueConstraint(
                fields=["questionnaire", "respondent_key"],
                condition=~models.Q(respondent_key="") & models.Q(confirmed_at__isnull=False),
                name="response_one_per_person",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Response %(number)s") % {"number": self.pk})


class Answer(models.Model):
    """One structured fact of a response: a chosen item, a ranked item, a rating, yes/no..."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    # Copied from the response so that results are one scan of one index.
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="+", verbose_name=_("questionnaire")
    )
    province = models.CharField(
        _("province or territory of the respondent"), max_length=2, blank=True
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    choice = models.ForeignKey(
        Choice,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("choice"),
    )
    is_other = models.BooleanField(_("other"), default=False)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    number = models.SmallIntegerField(_("rating"), null=True, blank=True)
    boolean = models.BooleanField(_("yes or no"), null=True, blank=True)
    code = models.CharField(_("province or territory"), max_length=2, blank=True)
    contribution = models.OneToOneField(
        "contributions.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_answer",
        verbose_name=_("contribution"),
    )
    # A written answer of a response waiting for its address to be confirmed: it becomes a
    # contribution (moderated, redacted) on confirmation and is erased then; an unconfirmed
    # response is deleted with it after a few days (privacy registry).
    pending_text = models.TextField(_("written answer waiting for confirmation"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question", "rank", "pk"]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class ResultTally(models.Model):
    """How many answers of one kind a question got from one province (see tallies.py)."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="tallies",
        verbose_name=_("questionnaire"),
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("question")
    )
    province = models.CharField(_("province or territory"), max_length=2, blank=True)
    key = models.CharField(_("answer"), max_length=40)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("result tally")
        verbose_name_plural = _("result tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "province", "question", "key"],
                name="result_tally_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}/{self.province}/{self.key}: {self.count}"
