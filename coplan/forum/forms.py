"""Input shape only: the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coplan.accounts.models import Organisation

from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, MemberRole, Sector
from .requirements import REQUIREMENTS


def _text(label, *, required=True, long=False, max_length=BODY_MAX_LENGTH):
    widget = forms.Textarea(attrs={"rows": 6}) if long else None
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length if long else TITLE_MAX_LENGTH,
        widget=widget,
        strip=True,
    )


class ForumForm(forms.Form):
    name_en = _text(_("Name (English)"))
    name_fr = _text(_("Name (French)"))
    terms_of_reference_en = _text(_("Terms of reference (English)"), required=False, long=True)
    terms_of_reference_fr = _text(_("Terms of reference (French)"), required=False, long=True)
    participation_rules_en = _text(_("Participation rules (English)"), required=False, long=True)
    participation_rules_fr = _text(_("Participation rules (French)"), required=False, long=True)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name as published"), max_length=120)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    term_start = forms.DateField(label=_("Term starts (YYYY-MM-DD)"))
    term_end = forms.DateField(label=_("Term ends (YYYY-MM-DD)"), required=False)


class TermEndForm(forms.Form):
    term_end = forms.DateField(label=_("Last day of the term (YYYY-MM-DD)"))


class WorkspacePageForm(forms.Form):
    title = _text(_("Title"))
    body = _text(_("Text"), long=True)


class MeetingForm(forms.Form):
    title_en = _text(_("Title (English)"))
    title_fr = _text(_("Title (French)"))
    held_at = forms.DateTimeField(label=_("Date and time (YYYY-MM-DD HH:MM)"))
    location_en = _text(_("Place or format (English)"), required=False)
    location_fr = _text(_("Place or format (French)"), required=False)
    agenda_en = _text(_("Agenda (English)"), required=False, long=True)
    agenda_fr = _text(_("Agenda (French)"), required=False, long=True)
    minutes_en = _text(_("Minutes (English)"), required=False, long=True)
    minutes_fr = _text(_("Minutes (French)"), required=False, long=True)
    decisions_en = _text(_("Decisions (English)"), required=False, long=True)
    decisions_fr = _text(_("Decisions (French)"), required=False, long=True)


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Members present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(m.pk), f"{m.name} ({m.organisation.name})") for m in members
        ]


class DocumentForm(forms.Form):
    title_en = _text(_("Title (English)"))
    title_fr = _text(_("Title (French)"))
    file = forms.FileField(label=_("File"), help_text=_("PDF, ODT, DOCX, TXT or CSV, up to 10 MB."))


def _requirement_choices() -> list[tuple[str, str]]:
    # Called at each rendering: the titles are lazy, so each reader gets their own language.
    return [(r.code, f"{r.code} {r.title}") for r in REQUIREMENTS]


class EvidenceForm(forms.Form):
    requirement = forms.ChoiceField(label=_("Requirement"), choices=_requirement_choices)
    description_en = _text(_("What shows it (English)"), long=True, max_length=5000)
    description_fr = _text(_("What shows it (French)"), long=True, max_length=5000)
    url = forms.URLField(
        label=_("Web address"), required=False, max_length=500, assume_scheme="https"
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, ODT, DOCX, TXT or CSV, up to 10 MB.")
    )


class LessonForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=None, required=False)
    lesson_en = _text(_("What we learned (English)"), long=True, max_length=5000)
    lesson_fr = _text(_("What we learned (French)"), long=True, max_length=5000)
    action_en = _text(
        _("What we will do differently (English)"), required=False, long=True, max_length=5000
    )
    action_fr = _text(
        _("What we will do differently (French)"), required=False, long=True, max_length=5000
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = process.phases.all() if process else None
