"""Input shape of the back-office pages; the rules of the domain are in the services."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coplan.accounts.models import Organisation
from coplan.accounts.roles import ROLES
from coplan.analysis.models import Disposition
from coplan.commitments.models import Theme
from coplan.events.models import Event
from coplan.intake.models import Mailbox
from coplan.moderation.models import ModerationReason
from coplan.privacy.models import CorrectionRequest
from coplan.processes.models import Opportunity, Phase, Process, StaticPage
from coplan.surveys.models import Question, Questionnaire

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


IN_ENGLISH = _("%(label)s in English")
IN_FRENCH = _("%(label)s in French")
PHASE_LABEL = _("Phase %(number)s: %(label)s")
CHOICE_LABEL = _("Choice %(number)s: %(label)s")


def _process_opportunities(
    field: forms.ModelChoiceField, process: Process, **filters: object
) -> None:
    """Offer the process's opportunities (those matching `filters`) in cycle order, one
    required."""
    field.queryset = Opportunity.objects.filter(phase__process=process, **filters).order_by(
        "phase__position", "position", "pk"
    )
    field.empty_label = None


class FormGroup:
    """Forms posted together, seen as one by the error summary (includes/form_errors.html)."""

    def __init__(self, *forms: forms.BaseForm) -> None:
        self.forms = forms

    @property
    def errors(self) -> bool:
        return any(form.errors for form in self.forms)

    def non_field_errors(self) -> list[str]:
        return [error for form in self.forms for error in form.non_field_errors()]

    def __iter__(self):
        for form in self.forms:
            yield from form


class BilingualModelForm(forms.ModelForm):
    """A model form whose `required_pairs` need both the English and the French text."""

    required_pairs: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.required_pairs:
            for language in ("en", "fr"):
                self.fields[f"{name}_{language}"].required = True
        for name, field in self.fields.items():
            if name.endswith(("_en", "_fr")):
                label = capfirst(self._meta.model._meta.get_field(name[:-3]).verbose_name)
                template = IN_ENGLISH if name.endswith("_en") else IN_FRENCH
                field.label = template % {"label": label}

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(English, French) bound fields of each bilingual text, for side-by-side display."""
        names = [name[:-3] for name in self.fields if name.endswith("_en")]
        return [(self[f"{name}_en"], self[f"{name}_fr"]) for name in names]

    def single_fields(self) -> list[forms.BoundField]:
        """The fields that are not one language of a bilingual text."""
        return [self[name] for name in self.fields if not name.endswith(("_en", "_fr"))]


class ProcessForm(BilingualModelForm):
    required_pairs = ("title", "summary", "privacy_purpose", "privacy_authority", "privacy_contact")

    class Meta:
        model = Process
        fields = [
            "slug",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "introduction_en",
            "introduction_fr",
            "privacy_purpose_en",
            "privacy_purpose_fr",
            "privacy_authority_en",
            "privacy_authority_fr",
            "privacy_contact_en",
            "privacy_contact_fr",
            "starts_on",
            "ends_on",
            "participation_deadline",
            "retention_months",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "participation_deadline": DATE_WIDGET,
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "introduction_en": forms.Textarea(attrs={"rows": 3}),
            "introduction_fr": forms.Textarea(attrs={"rows": 3}),
            "privacy_purpose_en": forms.Textarea(attrs={"rows": 2}),
            "privacy_purpose_fr": forms.Textarea(attrs={"rows": 2}),
            "privacy_authority_en": forms.Textarea(attrs={"rows": 2}),
            "privacy_authority_fr": forms.Textarea(attrs={"rows": 2}),
            "privacy_contact_en": forms.Textarea(attrs={"rows": 2}),
            "privacy_contact_fr": forms.Textarea(attrs={"rows": 2}),
        }


class PhaseForm(BilingualModelForm):
    """One phase's texts and dates; `with_position` adds its number in the cycle (reordering)."""

    required_pairs = ("name", "purpose")

    class Meta:
        model = Phase
        fields = [
            "name_en",
            "name_fr",
            "dates_label_en",
            "dates_label_fr",
            "purpose_en",
            "purpose_fr",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "purpose_en": forms.Textarea(attrs={"rows": 2}),
            "purpose_fr": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, number: int, with_position: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Six phases on one page: each label says which phase, in the fields and in the summary.
        for field in self.fields.values():
            field.label = PHASE_LABEL % {"number": number, "label": field.label}
        if with_position:
            self.fields["position"] = forms.IntegerField(
                label=PHASE_LABEL % {"number": number, "label": _("Order in the cycle")},
                min_value=1,
                max_value=6,
            )
            if self.instance.pk:
                self.initial.setdefault("position", self.instance.position)


class CurrentPhaseForm(forms.Form):
    phase = forms.ModelChoiceField(
        label=_("Current phase"),
        queryset=Phase.objects.none(),
        required=False,
        empty_label=_("Follow the dates"),
    )

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = process.phases.order_by("position")


class OpportunityForm(BilingualModelForm):
    required_pairs = ("title", "description")

    class Meta:
        model = Opportunity
        fields = [
            "phase",
            "kind",
            "slug",
            "title_en",
            "title_fr",
            "description_en",
            "description_fr",
            "opens_at",
            "closes_at",
            "allows_anonymous",
            "voice_rule",
            "position",
        ]
        widgets = {
            "opens_at": DATETIME_WIDGET,
            "closes_at": DATETIME_WIDGET,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "opens_at": _("The opportunity opens by itself at this time; empty: open it by hand."),
            "closes_at": _("It closes by itself at this time; a later time extends it."),
        }

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = process.phases.order_by("position")
        self.fields["phase"].empty_label = None


class EventForm(BilingualModelForm):
    """A session; its start and end are read in the session's own time zone."""

    required_pairs = ("title", "description")
    # Links are secure by default (the model field's own form field warns of Django 6's change).
    online_url = forms.URLField(
        label=capfirst(Event._meta.get_field("online_url").verbose_name),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Event
        fields = [
            "opportunity",
            "title_en",
            "title_fr",
            "description_en",
            "description_fr",
            "venue_name_en",
            "venue_name_fr",
            "host_organisation_en",
            "host_organisation_fr",
            "third_party_event_en",
            "third_party_event_fr",
            "accessibility_en",
            "accessibility_fr",
            "time_zone",
            "starts_at",
            "ends_at",
            "format",
            "venue_address",
            "city",
            "province",
            "online_url",
            "host",
            "capacity",
            "registration_open",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
            "accessibility_en": forms.Textarea(attrs={"rows": 2}),
            "accessibility_fr": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "starts_at": _("In the session's time zone."),
            "ends_at": _("In the session's time zone."),
        }

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _process_opportunities(self.fields["opportunity"], process, kind=Opportunity.Kind.SESSIONS)
        if self.instance.pk:
            # Shown as the session's local time, as staff enter it.
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            for name in ("starts_at", "ends_at"):
                local = timezone.localtime(getattr(self.instance, name), zone)
                self.initial[name] = local.replace(tzinfo=None)

    def clean(self) -> dict:
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            current = timezone.get_current_timezone()
            for name in ("starts_at", "ends_at"):
                value = cleaned.get(name)
                if value is not None:
                    # The form read the time in the site's zone; it was meant in the session's.
                    naive = timezone.make_naive(value, current)
                    cleaned[name] = timezone.make_aware(naive, zone)
        return cleaned


class QuestionnaireForm(BilingualModelForm):
    required_pairs = ("title",)

    class Meta:
        model = Questionnaire
        fields = [
            "opportunity",
            "slug",
            "title_en",
            "title_fr",
            "introduction_en",
            "introduction_fr",
            "thank_you_en",
            "thank_you_fr",
            "one_response_per_person",
            "requires_account",
            "results_visibility",
            "closes_at",
        ]
        widgets = {
            "closes_at": DATETIME_WIDGET,
            "introduction_en": forms.Textarea(attrs={"rows": 3}),
            "introduction_fr": forms.Textarea(attrs={"rows": 3}),
            "thank_you_en": forms.Textarea(attrs={"rows": 2}),
            "thank_you_fr": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _process_opportunities(self.fields["opportunity"], process)


class QuestionForm(BilingualModelForm):
    required_pairs = ("text",)

    class Meta:
        model = Question
        fields = [
            "text_en",
            "text_fr",
            "help_text_en",
            "help_text_fr",
            "scale_min_label_en",
            "scale_min_label_fr",
            "scale_max_label_en",
            "scale_max_label_fr",
            "kind",
            "required",
            "allows_other",
            "scale_min",
            "scale_max",
        ]


class ChoiceForm(forms.Form):
    """One choice of a question, in both languages; both empty: no choice on this line."""

    label_en = forms.CharField(label=_("in English"), max_length=250, required=False)
    label_fr = forms.CharField(label=_("in French"), max_length=250, required=False)

    def __init__(self, *args, number: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        for field in self.fields.values():
            field.label = CHOICE_LABEL % {"number": number, "label": field.label}

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self["label_en"], self["label_fr"])]

    def single_fields(self) -> list[forms.BoundField]:
        return []

    def clean(self) -> dict:
        cleaned = super().clean()
        if bool(cleaned.get("label_en")) != bool(cleaned.get("label_fr")):
            raise forms.ValidationError(
                _("Choice %(number)s needs its text in English and in French.")
                % {"number": self.number}
            )
        return cleaned

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("label_en") or self.cleaned_data.get("label_fr"))


class CorrectionAnswerForm(forms.Form):
    """Where a correction request goes next, and what the person is told."""

    status = forms.ChoiceField(label=_("New status"))
    response = forms.CharField(
        label=_("Answer to the person"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, correction: CorrectionRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = CorrectionRequest.TRANSITIONS.get(correction.status, frozenset())
        self.fields["status"].choices = [
            (value, label) for value, label in CorrectionRequest.Status.choices if value in allowed
        ]
        self.initial.setdefault("response", correction.response)

    def clean(self) -> dict:
        cleaned = super().clean()
        closing = cleaned.get("status") not in (None, *CorrectionRequest.OPEN_STATUSES)
        if closing and not cleaned.get("response", "").strip():
            self.add_error("response", _("Tell the person what was corrected, or why not."))
        return cleaned


class StaticPageForm(BilingualModelForm):
    required_pairs = ("title", "body")

    class Meta:
        model = StaticPage
        fields = ["slug", "title_en", "title_fr", "body_en", "body_fr"]
        widgets = {
            "body_en": forms.Textarea(attrs={"rows": 16}),
            "body_fr": forms.Textarea(attrs={"rows": 16}),
        }


# Lists staff keep: themes, dispositions, reasons, organisations; mailboxes; roles -------------


class ThemeForm(BilingualModelForm):
    required_pairs = ("label",)

    class Meta:
        model = Theme
        fields = ["slug", "label_en", "label_fr"]


class DispositionForm(BilingualModelForm):
    required_pairs = ("name",)

    class Meta:
        model = Disposition
        fields = [
            "code",
            "name_en",
            "name_fr",
            "description_en",
            "description_fr",
            "position",
            "counts_as_response",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_fr": forms.Textarea(attrs={"rows": 3}),
        }


class ModerationReasonForm(BilingualModelForm):
    required_pairs = ("title",)

    class Meta:
        model = ModerationReason
        fields = [
            "slug",
            "title_en",
            "title_fr",
            "explanation_en",
            "explanation_fr",
            "position",
            "is_active",
        ]
        widgets = {
            "explanation_en": forms.Textarea(attrs={"rows": 3}),
            "explanation_fr": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "is_active": _("A reason set aside is no longer offered; past decisions keep it."),
        }


class OrganisationForm(BilingualModelForm):
    required_pairs = ("name",)
    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        max_length=200,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = ["slug", "name_en", "name_fr", "acronym_en", "acronym_fr", "kind", "website"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Not every organisation has an acronym.
        for language in ("en", "fr"):
            self.fields[f"acronym_{language}"].required = False


class MailboxForm(forms.ModelForm):
    """A mailbox's settings. No password field: the password stays in the server's
    environment, and the form names only the variable that holds it."""

    class Meta:
        model = Mailbox
        fields = [
            "process",
            "label",
            "host",
            "port",
            "security",
            "username",
            "password_env",
            "folder",
            "poll_every_minutes",
            "active",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.order_by("-starts_on", "pk")
        self.fields["process"].empty_label = None

    def pairs(self) -> list:
        return []

    def single_fields(self) -> list[forms.BoundField]:
        return list(self)


class PersonFindForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"), max_length=254)


class RolesForm(forms.Form):
    """The person's roles, each a checkbox (roles are groups)."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=list(ROLES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class QuestionnaireCopyForm(forms.Form):
    """Which past questionnaire to copy, onto which of this process's opportunities."""

    source = forms.ModelChoiceField(
        label=_("Questionnaire to copy"), queryset=Questionnaire.objects.none()
    )
    opportunity = forms.ModelChoiceField(
        label=_("Opportunity of this process it belongs to"), queryset=Opportunity.objects.none()
    )

    def __init__(self, *args, process: Process, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        source.queryset = Questionnaire.objects.select_related(
            "opportunity__phase__process"
        ).order_by(
            "-opportunity__phase__process__starts_on",
            "opportunity__phase__position",
            "position",
            "pk",
        )
        source.label_from_instance = lambda q: f"{q.opportunity.phase.process.title} — {q.title}"
        _process_opportunities(self.fields["opportunity"], process)
