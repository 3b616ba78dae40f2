from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coplan.contributions.models import Channel, Kind, Language, ModerationState
from coplan.processes.models import Opportunity, Phase, Process

from .models import Action, ModerationReason
from .services import ACTIONS_NEEDING_REASON, NOTE_MAX_LENGTH

# French agrees "any" with the filter's noun: « Tous » (état, canal, type), « Toutes »
# (consultation, phase, occasion, langue).
ANY = _("Any")
ANY_FEMININE = pgettext_lazy("a filter whose noun is feminine in French", "Any")


def _with_any(choices, label=ANY) -> list:
    return [("", label), *choices]


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=_with_any(ModerationState.choices)
    )
    flagged = forms.BooleanField(label=_("Reported by the public only"), required=False)
    process = forms.ModelChoiceField(
        label=_("Consultation"),
        required=False,
        queryset=Process.objects.all(),
        empty_label=ANY_FEMININE,
    )
    phase = forms.ModelChoiceField(
        label=_("Phase"),
        required=False,
        queryset=Phase.objects.select_related("process"),
        empty_label=ANY_FEMININE,
    )
    opportunity = forms.ModelChoiceField(
        label=_("Opportunity"),
        required=False,
        queryset=Opportunity.objects.all(),
        empty_label=ANY_FEMININE,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=_with_any(Channel.choices)
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_with_any(Language.choices, ANY_FEMININE)
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_with_any(Kind.choices))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].label_from_instance = lambda phase: f"{phase.process} – {phase}"


class DecisionForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(
        label=_("Contributions"),
        coerce=int,
        choices=[],
        error_messages={"required": _("Select at least one contribution.")},
    )
    # No decision is preselected: a moderator who submits without choosing is asked to choose,
    # never approves by default.
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose a decision")), *Action.choices],
        error_messages={"required": _("Choose a decision.")},
    )
    reason = forms.ModelChoiceField(
        label=_("Rule of participation (needed to reject or hide)"),
        required=False,
        queryset=ModerationReason.objects.filter(is_active=True),
        # Context: the French agrees with « règle » (feminine).
        empty_label=pgettext_lazy("rule of participation", "None"),
    )
    note = forms.CharField(
        label=_("Note for the log (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ids: list[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if ids is not None:
            self.fields["ids"].choices = [(pk, pk) for pk in ids]
        elif self.is_bound:
            # Any id is acceptable here; the service checks each one exists and may change.
            raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
            self.fields["ids"].choices = [(value, value) for value in raw]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in ACTIONS_NEEDING_REASON and not cleaned.get("reason"):
            self.add_error("reason", _("Choose the rule of participation that applies."))
        return cleaned
