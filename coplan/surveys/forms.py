"""The answer form, built from a questionnaire's questions; it checks the shape of each answer.

`cleaned_answers` maps question pk → a normalised answer (only answered questions):
single {"choice": pk} or {"other": text}; multiple {"choices": [pk...], "other": text};
ranking {"ranks": {choice pk: rank}}; rating {"number": n}; yes/no {"boolean": bool};
short/long text {"text": text}; province {"code": "ON"}.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
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
        if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            self._add_choice_fields(question)
        elif question.kind == Question.Kind.RANKING:
            self._add_rank_fields(question)
        else:
            self.fields[question.field_name] = _answer_field(question)

    def _add_rank_fields(self, question: Question) -> None:
        """One rank (or none) per item: 1 to the number of items."""
        choices = list(question.choices.all())
        ranks = [("", _("Not ranked"))] + [(str(n), str(n)) for n in range(1, len(choices) + 1)]
        for choice in choices:
            field = forms.ChoiceField(label=choice.label, choices=ranks, required=False)
            self.fields[rank_field_name(question, choice.pk)] = field

    def _add_choice_fields(self, question: Question) -> None:
        """One choice among several (radios) or several (checkboxes), with "Other" and its
        text when the question allows it."""
        common = {"label": question.text, "help_text": question.help_text}
        choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
        if question.allows_other:
            choices.append((OTHER, _("Other")))
        if question.kind == Question.Kind.SINGLE:
            field: forms.Field = forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, required=False, **common
            )
        else:
            field = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, required=False, **common
            )
        self.fields[question.field_name] = field
        if question.allows_other:
            self.fields[other_field_name(question)] = forms.CharField(
                label=_("Other, please specify"),
                required=False,
                max_length=OTHER_TEXT_MAX_LENGTH,
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
            self._clean_answer(question, cleaned)
        return cleaned

    def _clean_answer(self, question: Question, cleaned: dict) -> None:
        """The question's answer kept, or its error shown beside it (none given when required)."""
        try:
            answer = self._clean_question(question, cleaned)
        except ValidationError as error:
            self.add_error(self._error_field(question), error)
            return
        if answer is not None:
            self.cleaned_answers[question.pk] = answer
        elif question.required:
            self.add_error(self._error_field(question), _("Please answer this question."))

    def _error_field(self, question: Question) -> str:
        if question.kind == Question.Kind.RANKING:
            first = next(iter(question.choices.all()), None)
            return rank_field_name(question, first.pk) if first else question.field_name
        return question.field_name

    def _clean_question(self, question: Question, cleaned: dict) -> dict | None:
        """The question's answer in its normalised shape (see the module), or None."""
        return _CLEANERS.get(question.kind, _clean_text)(question, cleaned)


def _answer_field(question: Question) -> forms.Field:
    """The one field of a rating, yes/no, province or text question."""
    common = {"label": question.text, "help_text": question.help_text, "required": False}
    return _FIELDS.get(question.kind, _text_field)(question, common)


def _rating_field(question: Question, common: dict) -> forms.Field:
    scale = [(str(n), str(n)) for n in range(question.scale_min, question.scale_max + 1)]
    return forms.ChoiceField(choices=scale, widget=forms.RadioSelect, **common)


def _yes_no_field(question: Question, common: dict) -> forms.Field:
    yes_no = [(YES, _("Yes")), (NO, _("No"))]
    return forms.ChoiceField(choices=yes_no, widget=forms.RadioSelect, **common)


def _province_field(question: Question, common: dict) -> forms.Field:
    provinces = [("", _("Choose a province or territory")), *Province.choices]
    return forms.ChoiceField(choices=provinces, **common)


def _text_field(question: Question, common: dict) -> forms.Field:
    # No max_length here: clean_public_text counts after normalising and says by how much.
    long = question.kind == Question.Kind.LONG_TEXT
    widget = forms.Textarea(attrs={"rows": 6}) if long else forms.TextInput
    return forms.CharField(widget=widget, strip=False, **common)


_FIELDS = {
    Question.Kind.RATING: _rating_field,
    Question.Kind.YES_NO: _yes_no_field,
    Question.Kind.PROVINCE: _province_field,
}


def _clean_rating(question: Question, cleaned: dict) -> dict | None:
    value = cleaned.get(question.field_name)
    return {"number": int(value)} if value else None


def _clean_yes_no(question: Question, cleaned: dict) -> dict | None:
    value = cleaned.get(question.field_name)
    return {"boolean": value == YES} if value else None


def _clean_province(question: Question, cleaned: dict) -> dict | None:
    value = cleaned.get(question.field_name)
    return {"code": value} if value else None


def _clean_text(question: Question, cleaned: dict) -> dict | None:
    value = cleaned.get(question.field_name) or ""
    limit = TEXT_MAX_LENGTH if question.kind == Question.Kind.LONG_TEXT else SHORT_TEXT_MAX_LENGTH
    text = clean_public_text(value, max_length=limit, required=False)
    return {"text": text} if text else None


def _clean_choices(question: Question, cleaned: dict) -> dict | None:
    """The choices made, and the "Other" text only when "Other" is chosen (and then given)."""
    name = question.field_name
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
    if question.kind == Question.Kind.SINGLE:
        return {"other": other_text} if other_text else {"choice": choice_ids[0]}
    return {"choices": choice_ids, "other": other_text}


def _clean_ranks(question: Question, cleaned: dict) -> dict | None:
    """Ranks from 1 with no gap and none repeated; every item ranked when required."""
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


_CLEANERS = {
    Question.Kind.SINGLE: _clean_choices,
    Question.Kind.MULTIPLE: _clean_choices,
    Question.Kind.RANKING: _clean_ranks,
    Question.Kind.RATING: _clean_rating,
    Question.Kind.YES_NO: _clean_yes_no,
    Question.Kind.PROVINCE: _clean_province,
}


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
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        if answer is None:
            rows.append((question, [gettext("Not answered")]))
        else:
            rows.append((question, _DESCRIBED.get(question.kind, _text)(question, answer)))
    return rows


def _labels(question: Question) -> dict[int, str]:
    return {choice.pk: choice.label for choice in question.choices.all()}


def _single(question: Question, answer: dict) -> list[str]:
    if "other" in answer:
        return [gettext("Other: %(text)s") % {"text": answer["other"]}]
    return [_labels(question)[answer["choice"]]]


def _multiple(question: Question, answer: dict) -> list[str]:
    labels = _labels(question)
    values = [labels[pk] for pk in answer["choices"]]
    if answer.get("other"):
        values.append(gettext("Other: %(text)s") % {"text": answer["other"]})
    return values


def _ranking(question: Question, answer: dict) -> list[str]:
    labels = _labels(question)
    ordered = sorted(answer["ranks"].items(), key=lambda item: item[1])
    return [
        gettext("%(rank)s. %(item)s") % {"rank": rank, "item": labels[pk]} for pk, rank in ordered
    ]


def _rating(question: Question, answer: dict) -> list[str]:
    scale = {"lowest": question.scale_min, "highest": question.scale_max}
    return [
        gettext("%(number)s on a scale of %(lowest)s to %(highest)s")
        % {"number": answer["number"], **scale}
    ]


def _yes_no(question: Question, answer: dict) -> list[str]:
    return [gettext("Yes") if answer["boolean"] else gettext("No")]


def _province(question: Question, answer: dict) -> list[str]:
    return [str(Province(answer["code"]).label)]


def _text(question: Question, answer: dict) -> list[str]:
    return [answer["text"]]


_DESCRIBED = {
    Question.Kind.SINGLE: _single,
    Question.Kind.MULTIPLE: _multiple,
    Question.Kind.RANKING: _ranking,
    Question.Kind.RATING: _rating,
    Question.Kind.YES_NO: _yes_no,
    Question.Kind.PROVINCE: _province,
}
