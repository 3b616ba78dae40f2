"""The answer form, built from a questionnaire's questions; it checks the shape of each answer.

`cleaned_answers` maps question pk → a normalised answer (only answered questions):
single {"choice": pk} or {"other": text}; multiple {"choices": [pk...], "other": text};
ranking {"ranks": {choice pk: rank}}; rating {"number": n}; yes/no {"boolean": bool};
short/long text {"text": text}; province {"code": "ON"}.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from coplan.contributions.forms import SensitiveTextMixin
from coplan.contributions.models import TEXT_MAX_LENGTH, Province
from coplan.core.text import clean_public_text

from .models import OTHER_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH, Question

OTHER = "other"
YES, NO = "yes", "no"


def rank_field_name(question: Question, choice_id: int) -> str:
    return f"{question.field_name}_c{choice_id}"


def other_field_name(question: Question) -> str:
    return f"{question.field_name}_other"


class QuestionnaireForm(SensitiveTextMixin, forms.Form):
    """Free text and "Other" answers become contributions: the review step shows the
    sensitive-information warning of every public form before they are sent."""

    def sensitive_values(self) -> list[str]:
        return [
            answer.get("text") or answer.get("other") or ""
            for answer in self.cleaned_answers.values()
        ]

    def __init__(self, *args, questions: list[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.cleaned_answers: dict[int, dict] = {}
        for question in questions:
            self._add_fields(question)

    def _add_fields(self, question: Question) -> None:
        name = question.field_name
        common = {"label": question.text, "help_text": question.help_text}
        choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
        kind = question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if question.allows_other:
                choices.append((OTHER, _("Other")))
            if kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, required=False, **common
                )
            else:
                field = forms.MultipleChoiceField(
                    choices=choices, widget=forms.CheckboxSelectMultiple, required=False, **common
                )
            self.fields[name] = field
            if question.allows_other:
                self.fields[other_field_name(question)] = forms.CharField(
                    label=_("Other, please specify"),
                    required=False,
                    max_length=OTHER_TEXT_MAX_LENGTH,
                )
        elif kind == Question.Kind.RANKING:
            ranks = [("", _("Not ranked"))] + [(str(n), str(n)) for n in range(1, len(choices) + 1)]
            for choice_id, label in choices:
                self.fields[rank_field_name(question, int(choice_id))] = forms.ChoiceField(
                    label=label, choices=ranks, required=False
                )
        elif kind == Question.Kind.RATING:
            scale = [(str(n), str(n)) for n in range(question.scale_min, question.scale_max + 1)]
            self.fields[name] = forms.ChoiceField(
                choices=scale, widget=forms.RadioSelect, required=False, **common
            )
        elif kind == Question.Kind.YES_NO:
            self.fields[name] = forms.ChoiceField(
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                required=False,
                **common,
            )
        elif kind == Question.Kind.PROVINCE:
            self.fields[name] = forms.ChoiceField(
                choices=[("", _("Choose a province or territory"))] + list(Province.choices),
                required=False,
                **common,
            )
        else:
            long = kind == Question.Kind.LONG_TEXT
            # No max_length here: clean_public_text counts after normalising and says by how much.
            self.fields[name] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 6}) if long else forms.TextInput,
                required=False,
                strip=False,
                **common,
            )

    def question_rows(self) -> list[dict]:
        """What the template walks: each question with its bound fields."""
        rows = []
        for question in self.questions:
            row: dict = {"question": question}
            if question.kind == Question.Kind.RANKING:
                row["rank_fields"] = [
                    self[rank_field_name(question, choice.pk)] for choice in question.choices.all()
                ]
            else:
                row["field"] = self[question.field_name]
            if question.allows_other and question.kind in (
                Question.Kind.SINGLE,
                Question.Kind.MULTIPLE,
            ):
                row["other_field"] = self[other_field_name(question)]
            rows.append(row)
        return rows

    def clean(self) -> dict:
        cleaned = super().clean()
        for question in self.questions:
            try:
                answer = self._clean_question(question, cleaned)
            except ValidationError as error:
                self.add_error(self._error_field(question), error)
                continue
            if answer is None:
                if question.required:
                    self.add_error(self._error_field(question), _("Please answer this question."))
            else:
                self.cleaned_answers[question.pk] = answer
        return cleaned

    def _error_field(self, question: Question) -> str:
        if question.kind == Question.Kind.RANKING:
            first = next(iter(question.choices.all()), None)
            return rank_field_name(question, first.pk) if first else question.field_name
        return question.field_name

    def _clean_question(self, question: Question, cleaned: dict) -> dict | None:
        name = question.field_name
        kind = question.kind
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if name not in cleaned:
                return None  # the field's own error (a tampered choice) is already recorded
            raw = cleaned.get(name)
            selected = [raw] if isinstance(raw, str) and raw else list(raw or [])
            other_text = ""
            if question.allows_other:
                other_text = clean_public_text(
                    cleaned.get(other_field_name(question), ""),
                    max_length=OTHER_TEXT_MAX_LENGTH,
                    required=False,
                )
                if other_text and OTHER not in selected:
                    raise ValidationError(
                        _("Choose “Other” if you want to give your own answer."),
                        code="other_not_chosen",
                    )
                if OTHER in selected and not other_text:
                    raise ValidationError(
                        _("You chose “Other”: please say what it is."), code="other_empty"
                    )
            if not selected:
                return None
            choice_ids = [int(value) for value in selected if value != OTHER]
            if kind == Question.Kind.SINGLE:
                return {"other": other_text} if other_text else {"choice": choice_ids[0]}
            return {"choices": choice_ids, "other": other_text}
        if kind == Question.Kind.RANKING:
            ranks: dict[int, int] = {}
            for choice in question.choices.all():
                value = cleaned.get(rank_field_name(question, choice.pk))
                if value:
                    ranks[choice.pk] = int(value)
            if not ranks:
                return None
            used = sorted(ranks.values())
            repeated = sorted({rank for rank in used if used.count(rank) > 1})
            if repeated:
                raise ValidationError(
                    _("Each rank can be given only once: %(ranks)s given more than once.")
                    % {"ranks": ", ".join(str(rank) for rank in repeated)},
                    code="rank_repeated",
                )
            if used != list(range(1, len(used) + 1)):
                raise ValidationError(
                    _("Ranks must start at 1 and follow on without gaps."), code="rank_gap"
                )
            if question.required and len(ranks) < len(question.choices.all()):
                raise ValidationError(_("Please rank every item."), code="rank_incomplete")
            return {"ranks": ranks}
        value = cleaned.get(name)
        if kind == Question.Kind.RATING:
            return {"number": int(value)} if value else None
        if kind == Question.Kind.YES_NO:
            return {"boolean": value == YES} if value else None
        if kind == Question.Kind.PROVINCE:
            return {"code": value} if value else None
        limit = TEXT_MAX_LENGTH if kind == Question.Kind.LONG_TEXT else SHORT_TEXT_MAX_LENGTH
        text = clean_public_text(value or "", max_length=limit, required=False)
        return {"text": text} if text else None


class ReviewForm(forms.Form):
    """The review step: the answers travel signed; the person may agree to publication."""

    payload = forms.CharField(widget=forms.HiddenInput)
    consent_to_publish = forms.BooleanField(
        label=_(
            "My written answers may be published, without my name, in the What We Heard report "
            "and the data set."
        ),
        required=False,
    )

    def __init__(self, *args, needs_email: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if needs_email:
            # The opportunity counts one answer per confirmed address (surveys.voice).
            self.fields["email"] = forms.EmailField(
                label=_("Your email address"),
                help_text=_(
                    "We will email you a link: your answers count once you follow it. The "
                    "address is used for nothing else and is erased once confirmed."
                ),
                max_length=254,
            )


class ResultsFilterForm(forms.Form):
    province = forms.ChoiceField(
        label=_("Province or territory of the respondents"),
        choices=[("", _("All provinces and territories"))] + list(Province.choices),
        required=False,
    )


def describe_answers(questions: list[Question], answers: dict[int, dict]) -> list[tuple]:
    """Each question with its answer as text, for the review page ("Not answered" if none)."""
    from django.utils.translation import gettext as _

    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        labels = {choice.pk: choice.label for choice in question.choices.all()}
        if answer is None:
            rows.append((question, [_("Not answered")]))
            continue
        kind = question.kind
        if kind == Question.Kind.SINGLE:
            text = answer.get("other") or labels[answer["choice"]]
            values = [_("Other: %(text)s") % {"text": text} if "other" in answer else text]
        elif kind == Question.Kind.MULTIPLE:
            values = [labels[pk] for pk in answer["choices"]]
            if answer.get("other"):
                values.append(_("Other: %(text)s") % {"text": answer["other"]})
        elif kind == Question.Kind.RANKING:
            ordered = sorted(answer["ranks"].items(), key=lambda item: item[1])
            values = [
                _("%(rank)s. %(item)s") % {"rank": rank, "item": labels[pk]} for pk, rank in ordered
            ]
        elif kind == Question.Kind.RATING:
            values = [
                _("%(number)s on a scale of %(lowest)s to %(highest)s")
                % {
                    "number": answer["number"],
                    "lowest": question.scale_min,
                    "highest": question.scale_max,
                }
            ]
        elif kind == Question.Kind.YES_NO:
            values = [_("Yes") if answer["boolean"] else _("No")]
        elif kind == Question.Kind.PROVINCE:
            values = [str(Province(answer["code"]).label)]
        else:
            values = [answer["text"]]
        rows.append((question, values))
    return rows
