"""Staff forms of the content blocks (input shape only: processes.blocks checks the rest)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .blocks import INTRODUCTION_MAX_LENGTH, TRANSCRIPT_MAX_LENGTH


class _SideBySide:
    """English and French of each text side by side, each field saying its language."""

    # The bilingual texts shown as pairs; every other field follows, one by one.
    paired: tuple[str, ...] = ()

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{name}_en"], self[f"{name}_fr"]) for name in self.paired]

    def single_fields(self) -> list[forms.BoundField]:
        in_pairs = {f"{name}_{language}" for name in self.paired for language in ("en", "fr")}
        return [self[name] for name in self.fields if name not in in_pairs]


def _transcript(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TRANSCRIPT_MAX_LENGTH,
        help_text=_("Everything said and shown, for people who cannot hear or see the video."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class VideoBlockForm(_SideBySide, forms.Form):
    paired = ("title", "transcript")
    # Required-ness is the service's: it says which language is missing, nothing half-saved.
    title_en = forms.CharField(label=_("Title (English)"), max_length=250, required=False)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=250, required=False)
    transcript_en = _transcript(_("Transcript (English)"))
    transcript_fr = _transcript(_("Transcript (French)"))
    embed_url = forms.URLField(
        label=_("Address of the video on YouTube or Vimeo"),
        help_text=_(
            "For example https://www.youtube.com/watch?v=… It is shown through the service's "
            "privacy-enhanced player. Leave empty to upload a file instead."
        ),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    video_file = forms.FileField(
        label=_("Or a video file (MP4 or WebM)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    captions_en = forms.FileField(
        label=_("English captions (WebVTT)"),
        help_text=_("Required with a video file."),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    captions_fr = forms.FileField(
        label=_("French captions (WebVTT)"),
        help_text=_("Required with a video file."),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    position = forms.IntegerField(
        label=_("Position on the page"), min_value=0, max_value=1000, initial=0
    )


class ContactBlockForm(_SideBySide, forms.Form):
    paired = ("introduction",)
    introduction_en = forms.CharField(
        label=_("Introduction (English, optional)"),
        required=False,
        max_length=INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    introduction_fr = forms.CharField(
        label=_("Introduction (French, optional)"),
        required=False,
        max_length=INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.EmailField(
        label=_("Email address of the team (optional)"),
        help_text=_("Shown on the process page for people who prefer to write."),
        required=False,
    )
    form_enabled = forms.BooleanField(
        label=_("Offer a contact form on the process page"),
        help_text=_("Messages reach the team in the moderation queue, like every contribution."),
        required=False,
    )
