"""Forum and member services: pages in both languages or neither, seats and terms checked."""

from __future__ import annotations

import datetime

import pytest

from coplan.forum import services
from coplan.forum.models import Sector
from tests.forum.helpers import DAY, _member

pytestmark = pytest.mark.django_db


def test_rules_in_one_language_only_are_refused(forum):
    with pytest.raises(Exception, match="both English and French"):
        services.forum_update(forum=forum, participation_rules_fr="")


def test_a_page_in_one_language_is_refused_in_both_languages(forum):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with pytest.raises(ValidationError) as refused:
        services.forum_update(forum=forum, terms_of_reference_en="", participation_rules_en="")
    assert "terms_of_reference_fr" in refused.value.message_dict
    with translation.override("fr"), pytest.raises(ValidationError, match="ni l’un ni l’autre"):
        services.forum_update(forum=forum, terms_of_reference_fr="")
    forum.refresh_from_db()
    assert forum.terms_of_reference_fr == "Notre mandat."
    # Neither language is allowed: the page is simply not written.
    services.forum_update(forum=forum, terms_of_reference_en="", terms_of_reference_fr="")
    forum.refresh_from_db()
    assert forum.terms_of_reference_en == forum.terms_of_reference_fr == ""


def test_text_from_browsers_is_kept_with_plain_line_ends(forum):
    services.forum_update(forum=forum, name_en="  The\r\nforum  ", name_fr="Le\rforum")
    forum.refresh_from_db()
    assert (forum.name_en, forum.name_fr) == ("The\nforum", "Le\nforum")
    with pytest.raises(TypeError, match="slug cannot be changed here"):
        services.forum_update(forum=forum, slug="other")


def test_a_member_is_seated_and_changed_with_checked_values(forum):
    member = _member(forum, "  Alice Gov  ")
    assert member.name == "Alice Gov" and member.term_end is None
    services.member_update(member=member, role="co_chair", sector=Sector.CIVIL_SOCIETY)
    member.refresh_from_db()
    assert (member.role, member.sector) == ("co_chair", Sector.CIVIL_SOCIETY)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.member_update(member=member, sector="aliens")
    with pytest.raises(TypeError):
        services.member_update(member=member, forum=None)
    member.refresh_from_db()
    assert member.sector == Sector.CIVIL_SOCIETY


def test_a_term_ends_once_never_before_it_starts(forum):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    member = _member(forum, "Alice Gov")
    with pytest.raises(ValidationError, match="must not end before it starts"):
        services.member_term_end(member=member, on=DAY - datetime.timedelta(days=1))
    ended = DAY + datetime.timedelta(days=30)
    services.member_term_end(member=member, on=ended)
    # An earlier day shortens the term; a later one is refused.
    services.member_term_end(member=member, on=ended - datetime.timedelta(days=1))
    member.refresh_from_db()
    assert member.term_end == ended - datetime.timedelta(days=1)
    with translation.override("fr"), pytest.raises(ValidationError, match="a déjà pris fin"):
        services.member_term_end(member=member, on=ended)
