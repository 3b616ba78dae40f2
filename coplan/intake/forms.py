from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.core.tabular import TABULAR_MAX_BYTES
from coplan.processes.models import Process

from .social import PRESETS, preset_choices


class _UploadForm(forms.Form):
    process = forms.ModelChoiceField(
        queryset=Process.objects.order_by("-starts_on"), label=_("Process")
    )
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > TABULAR_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": TABULAR_MAX_BYTES // 2**20}
            )
        return upload


class NotesImportForm(_UploadForm):
    file = forms.FileField(
        label=_("Notes file"),
        help_text=_(
            "CSV or Excel (.xlsx), one note per row, with the columns “text” and, if you have "
            "them, “table or topic”, “facilitator” and “date”."
        ),
    )


class SocialImportForm(_UploadForm):
    file = forms.FileField(
        label=_("Export file"), help_text=_("CSV, Excel (.xlsx) or JSON export of posts.")
    )
    preset = forms.ChoiceField(label=_("Export format"), choices=preset_choices, initial="generic")
    platform = forms.CharField(
        label=_("Platform"),
        required=False,
        max_length=40,
        help_text=_("Only when neither the format nor the file names it, e.g. “mastodon”."),
    )
    map_post_id = forms.CharField(label=_("Column of the post id"), required=False, max_length=120)
    map_text = forms.CharField(label=_("Column of the text"), required=False, max_length=120)
    map_handle = forms.CharField(
        label=_("Column of the author handle"), required=False, max_length=120
    )
    map_posted_at = forms.CharField(
        label=_("Column of the time of the post"), required=False, max_length=120
    )
    map_url = forms.CharField(label=_("Column of the address"), required=False, max_length=120)
    map_platform = forms.CharField(
        label=_("Column of the platform"), required=False, max_length=120
    )

    def clean_preset(self) -> str:
        preset = self.cleaned_data["preset"]
        if preset not in PRESETS:
            raise forms.ValidationError(_("Choose a format from the list."))
        return preset

    def mapping(self) -> dict[str, str]:
        """Fields pointed at a column other than the preset's."""
        return {
            name.removeprefix("map_"): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("map_") and value and value.strip()
        }
