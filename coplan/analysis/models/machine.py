"""What the machine learns and proposes: trained models, topic runs and their candidates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .codebook import Theme


class TrainedModel(models.Model):
    """A model trained by a background task, with its measured quality."""

    class Kind(models.TextChoices):
        THEMES = "themes", _("Theme suggestions")
        MODERATION = "moderation", _("Moderation assistance")

    kind = models.CharField(max_length=12, choices=Kind)
    process = models.ForeignKey(
        "processes.Process", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    trained_at = models.DateTimeField(auto_now_add=True)
    examples = models.PositiveIntegerField(default=0)
    method = models.CharField(max_length=120)
    metrics = models.JSONField(default=dict)
    # The fitted scikit-learn pipeline, pickled by our own task (never from outside).
    artifact = models.BinaryField()

    class Meta:
        verbose_name = _("trained model")
        verbose_name_plural = _("trained models")
        ordering = ["-trained_at", "-pk"]
        get_latest_by = "trained_at"

    def __str__(self) -> str:
        return f"{self.kind} {self.trained_at:%Y-%m-%d %H:%M}"


class TopicRun(models.Model):
    """One theme-discovery run over uncoded contributions (deterministic for its seed)."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="topic_runs"
    )
    seed = models.PositiveIntegerField(_("seed"), default=0)
    documents = models.PositiveIntegerField(_("documents"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.process_id} seed {self.seed}"


class TopicCandidate(models.Model):
    run = models.ForeignKey(TopicRun, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField(_("size"))
    terms_en = models.JSONField(default=list)
    terms_fr = models.JSONField(default=list)
    example_ids = models.JSONField(default=list)
    member_ids = models.JSONField(default=list)
    adopted_theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.position}"
