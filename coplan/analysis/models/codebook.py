"""The codebook: themes, and the dispositions analysts choose from."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A code of the codebook: a top-level theme or one of its sub-themes (two levels only)."""

    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("process"),
    )
    code = models.SlugField(_("code"), max_length=60)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent theme"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["process", "code"], name="theme_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A theme cannot be its own parent.")})
            if self.parent.parent_id:
                raise ValidationError(
                    {"parent": _("The codebook has two levels: choose a top-level theme.")}
                )
            if self.pk and self.children.exists():
                raise ValidationError(
                    {"parent": _("A theme with sub-themes must stay at the top level.")}
                )
            if self.parent.process_id != self.process_id:
                raise ValidationError({"parent": _("The parent theme belongs to another process.")})


class Disposition(models.Model):
    """What became of a contribution: included in the plan, future consideration, out of scope..."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    counts_as_response = models.BooleanField(
        _("counts as a response"),
        default=True,
        help_text=_("When set, the report shows contributions with this disposition as answered."),
    )

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name
