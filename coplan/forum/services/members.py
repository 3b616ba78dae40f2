"""The forum itself and its members' seats."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coplan.accounts.models import Organisation, User
from coplan.processes.models import Process

from ..models import Forum, ForumMember
from ._common import FORUM_FIELDS, LANGUAGES, MEMBER_FIELDS, apply


@transaction.atomic
def forum_create(*, slug: str, name_en: str, name_fr: str, process: Process | None) -> Forum:
    """A forum for one process, or a standing forum (process None)."""
    forum = Forum(slug=slug, name_en=name_en.strip(), name_fr=name_fr.strip(), process=process)
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def forum_update(*, forum: Forum, **values: Any) -> Forum:
    """Change the forum's name, terms of reference or participation rules (both languages)."""
    apply(forum, values, FORUM_FIELDS)
    for field in ("terms_of_reference", "participation_rules"):
        present = [bool(getattr(forum, f"{field}_{lang}", "")) for lang in LANGUAGES]
        if any(present) and not all(present):
            raise ValidationError(
                {f"{field}_fr": _("Write this page in both English and French, or in neither.")}
            )
    forum.full_clean()
    forum.save()
    return forum


@transaction.atomic
def member_add(
    *,
    forum: Forum,
    name: str,
    organisation: Organisation,
    sector: str,
    role: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
    user: User | None = None,
) -> ForumMember:
    """Seat a member on the forum for a term."""
    member = ForumMember(
        forum=forum,
        name=name.strip(),
        organisation=organisation,
        sector=sector,
        role=role,
        term_start=term_start,
        term_end=term_end,
        user=user,
    )
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: ForumMember, **values: Any) -> ForumMember:
    """Change a member's seat (organisation, sector, role, term)."""
    apply(member, values, MEMBER_FIELDS)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_term_end(*, member: ForumMember, on: datetime.date) -> ForumMember:
    """End a member's term on a day (the seat stays on the public page among past members)."""
    if on < member.term_start:
        raise ValidationError({"term_end": _("The term must not end before it starts.")})
    if member.term_end is not None and member.term_end < on:
        raise ValidationError(
            {"term_end": _("This term already ended on %(date)s.") % {"date": member.term_end}}
        )
    member.term_end = on
    member.full_clean()
    member.save(update_fields=["term_end"])
    return member
