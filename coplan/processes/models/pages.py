"""What staff publish besides the cycle: static pages, videos with transcripts, contact."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .cycle import Process


class StaticPage(models.Model):
    """Bilingual pages written by staff: about open government, rules, privacy notice..."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("body"), help_text=_("Plain text; blank lines separate paragraphs."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("processes:page", kwargs={"slug": self.slug})


class VideoBlock(models.Model):
    """A video with its transcript on a process page or a static page (the seed's welcome video
    "with transcript"): either a file served by the site, with a captions track per language,
    or an embed from an allow-listed service (`processes.blocks.EMBED_HOSTS`). The transcript
    is required in both languages; `processes.blocks.video_block_save` is the one way to store
    one."""

    process = models.ForeignKey(
        Process,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="video_blocks",
        verbose_name=_("process"),
    )
    page = models.ForeignKey(
        StaticPage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="video_blocks",
        verbose_name=_("page"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=250)
    video_file = models.FileField(_("video file"), upload_to="videos/", blank=True)
    captions_en = models.FileField(_("English captions (WebVTT)"), upload_to="videos/", blank=True)
    captions_fr = models.FileField(_("French captions (WebVTT)"), upload_to="videos/", blank=True)
    embed_url = models.URLField(_("address of the video"), max_length=500, blank=True)
    transcript = models.TextField(
        _("transcript"), help_text=_("Plain text; blank lines separate paragraphs.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(process__isnull=False, page__isnull=True)
                | models.Q(process__isnull=True, page__isnull=False),
                name="video_block_on_one_page",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def embed_src(self) -> str | None:
        """The privacy-enhanced player of an embedded video (None for a file)."""
        from ..blocks import embed_source

        return embed_source(self.embed_url) if self.embed_url else None


class ContactBlock(models.Model):
    """ "Contact us at any stage" of a process: the team's address, a contact form, or both.

    Messages sent through the form are contributions (the one path of public input: masked copy,
    contact details apart, moderation, analysis), received by the team in the moderation queue.
    """

    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="contact_block", verbose_name=_("process")
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What people may write to the team about. Plain text."),
    )
    email = models.EmailField(_("email address of the team"), blank=True)
    form_enabled = models.BooleanField(_("offer a contact form"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact block")
        verbose_name_plural = _("contact blocks")

    def __str__(self) -> str:
        return str(_("Contact for %(process)s") % {"process": self.process})
