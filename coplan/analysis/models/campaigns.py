"""Campaigns: near-identical contributions grouped, with what each sender added."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    """A group of near-identical contributions (form letter, copy-paste): counted once."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="campaigns"
    )
    key = models.CharField(_("group key"), max_length=64, unique=True)
    representative = models.ForeignKey(
        "contributions.Contribution",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("representative text"),
    )
    size = models.PositiveIntegerField(_("senders"))
    detected_at = models.DateTimeField(_("detected"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-size", "pk"]

    def __str__(self) -> str:
        return self.key


class CampaignMember(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="members")
    contribution = models.OneToOneField(
        "contributions.Contribution", on_delete=models.CASCADE, related_name="campaign_membership"
    )
    similarity = models.FloatField(_("similarity"))
    # Paragraphs the sender wrote in addition to the form letter: coded as their own text.
    added_text = models.TextField(_("own added text"), blank=True)

    class Meta:
        verbose_name = _("campaign member")
        verbose_name_plural = _("campaign members")

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.contribution_id}"
