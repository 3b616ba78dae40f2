"""Staff pages of the forum itself: its home for staff, its public pages, its members' seats."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission

from .. import selectors, services
from ..forms import ForumForm, MemberForm, TermEndForm
from ..models import ForumMember
from ._common import forum_or_404

MEMBER_FIELDS = ("name", "organisation", "sector", "role", "term_start", "term_end")


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@staff_permission("forum.view_staff", load=selectors.process_by_slug)
def staff_home(request: HttpRequest, process) -> HttpResponse:
    forum = selectors.forum_for_process(process)
    return render(
        request,
        "forum/staff_home.html",
        {
            "process": process,
            "forum": forum,
            "meetings": list(forum.meetings.all()[:50]) if forum else [],
            "regularity": selectors.meeting_regularity(forum) if forum else None,
        },
    )


@staff_permission("forum.manage_forum", load=selectors.process_by_slug)
def staff_forum_edit(request: HttpRequest, process) -> HttpResponse:
    forum = forum_or_404(process)
    initial = {name: getattr(forum, name) for name in services.FORUM_FIELDS}
    form = ForumForm(_posted(request), initial=initial)
    return form_page(
        request,
        "forum/staff_form.html",
        {"process": process, "form": form, "heading": _("Forum pages")},
        forms=[form],
        save=lambda: services.forum_update(forum=forum, **form.cleaned_data),
        success=_("The forum's pages are saved."),
        done=lambda _forum: redirect("forum:staff_home", slug=process.slug),
    )


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_member_add(request: HttpRequest, process) -> HttpResponse:
    forum = forum_or_404(process)
    form = MemberForm(_posted(request))
    return form_page(
        request,
        "forum/staff_form.html",
        {"process": process, "form": form, "heading": _("Add a member")},
        forms=[form],
        save=lambda: services.member_add(forum=forum, **form.cleaned_data),
        success=_("The member is added."),
        done=lambda _member: redirect("forum:home", slug=process.slug),
    )


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_members(request: HttpRequest, process) -> HttpResponse:
    forum = forum_or_404(process)
    return render(
        request,
        "forum/staff_members.html",
        {"process": process, "forum": forum, "members": selectors.members(forum)},
    )


def _member_or_404(forum, pk: int) -> ForumMember:
    return get_object_or_404(ForumMember.objects.select_related("organisation"), forum=forum, pk=pk)


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_member_edit(request: HttpRequest, process, pk: int) -> HttpResponse:
    member = _member_or_404(forum_or_404(process), pk)
    initial = {name: getattr(member, name) for name in MEMBER_FIELDS}
    form = MemberForm(_posted(request), initial=initial)
    heading = _("Seat of %(name)s") % {"name": member.name}
    return form_page(
        request,
        "forum/staff_form.html",
        {"process": process, "form": form, "heading": heading, "cancel": "forum:staff_members"},
        forms=[form],
        save=lambda: services.member_update(member=member, **form.cleaned_data),
        success=_("The member's seat is saved."),
        done=lambda _member: redirect("forum:staff_members", slug=process.slug),
    )


@staff_permission("forum.manage_members", load=selectors.process_by_slug)
def staff_member_end(request: HttpRequest, process, pk: int) -> HttpResponse:
    member = _member_or_404(forum_or_404(process), pk)
    form = TermEndForm(_posted(request), initial={"term_end": timezone.localdate()})
    context = {
        "process": process,
        "form": form,
        "heading": _("End the term of %(name)s") % {"name": member.name},
        "cancel": "forum:staff_members",
        "submit": _("End the term"),
    }
    return form_page(
        request,
        "forum/staff_form.html",
        context,
        forms=[form],
        save=lambda: services.member_term_end(member=member, on=form.cleaned_data["term_end"]),
        success=_("The term of %(name)s is ended.") % {"name": member.name},
        done=lambda _member: redirect("forum:staff_members", slug=process.slug),
    )
