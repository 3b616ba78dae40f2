"""A member's term: current from its first day to its last, never ending before it starts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.forum.models import ForumMember

START = datetime.date(2018, 1, 1)


def test_a_term_is_current_from_its_first_day_to_its_last():
    member = ForumMember(name="Alice", term_start=START, term_end=START + datetime.timedelta(9))
    assert not member.is_current(START - datetime.timedelta(days=1))
    assert member.is_current(START) and member.is_current(START + datetime.timedelta(days=9))
    assert not member.is_current(START + datetime.timedelta(days=10))
    open_ended = ForumMember(name="Bob", term_start=START, term_end=None)
    assert open_ended.is_current(datetime.date(2099, 1, 1))
    assert str(open_ended) == "Bob"


def test_a_term_never_ends_before_it_starts_in_either_language():
    member = ForumMember(term_start=START, term_end=START - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        member.clean()
    assert refused.value.message_dict == {"term_end": ["The term must not end before it starts."]}
    with (
        translation.override("fr"),
        pytest.raises(ValidationError, match="ne peut pas se terminer"),
    ):
        member.clean()
    ForumMember(term_start=START, term_end=START).clean()
