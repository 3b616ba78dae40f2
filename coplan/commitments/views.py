"""Thin views: permissions from rules.py, work in services.py, reads in selectors.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, get_language

from coplan.contributions.selectors import published_comment_counts
from coplan.core.pagecache import anonymous_page_cache
from coplan.core.permissions import staff_permission
from coplan.core.ratelimit import rate_limited

from . import charts, exports, selectors, services
from .diff import has_changes, render_diff, word_diff
from .forms import (
    ActorForm,
    AmendmentForm,
    AssessmentForm,
    CommitmentCreateForm,
    CommitmentForm,
    DecisionForm,
    LinkForm,
    MilestoneForm,
    ProgressForm,
    TransitionForm,
)
from .models import (
    ActorKind,
    Amendment,
    Commitment,
    CommitmentActor,
    ContributionLink,
    Milestone,
    OgpValue,
    Status,
    Theme,
)
from .models.commitment import COMMITMENT_TEMPLATE_FIELDS


def _commitment(process_slug: str, identifier: str) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("process"),
        process__slug=process_slug,
        identifier=identifier,
    )


# Public pages -------------------------------------------------------------------------------


@anonymous_page_cache
def commitment_list(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = selectors.process_by_slug(process_slug)
    filters = {
        "theme": request.GET.get("theme", "")[:80],
        "lead": request.GET.get("lead", "")[:80],
        "status": request.GET.get("status", "")[:30],
        "ogp_value": request.GET.get("ogp_value", "")[:30],
    }
    if filters["status"] not in ("", *Status.values):
        filters["status"] = ""
    if filters["ogp_value"] not in ("", *OgpValue.values):
        filters["ogp_value"] = ""
    commitments = list(selectors.commitment_list(process, **filters))
    counts = published_comment_counts(commitments)
    for commitment in commitments:
        commitment.comment_total = counts.get(commitment.pk, 0) if counts else None
    # modeltranslation does not localise a related field in values_list: name the column.
    name = build_localized_fieldname("organisation__name", get_language())
    leads = (
        CommitmentActor.objects.filter(commitment__process=process, kind=ActorKind.LEAD)
        .values_list("organisation__slug", name)
        .distinct()
        .order_by(name)
    )
    return render(
        request,
        "commitments/commitment_list.html",
        {
            "process": process,
            "commitments": commitments,
            "filters": filters,
            "themes": Theme.objects.filter(commitments__process=process).distinct(),
            "leads": list(leads),
            "statuses": Status.choices,
            "ogp_values": OgpValue.choices,
            "can_add": request.user.has_perm("commitments.add_commitment"),
        },
    )


@anonymous_page_cache
def commitment_detail(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    commitment = selectors.commitment_for_page(process_slug, identifier)
    user = request.user
    return render(
        request,
        "commitments/commitment_detail.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "versions": selectors.versions_of(commitment),
            "transitions": selectors.transitions_of(commitment),
            "amendments": selectors.public_amendments(commitment),
            "sources": selectors.sources_of(commitment),
            "today": timezone.localdate(),
            "can_edit": user.has_perm("commitments.edit_commitment", commitment),
            "can_change_status": user.has_perm("commitments.change_status", commitment),
            "can_link": user.has_perm("commitments.link_contribution", commitment),
        },
    )


def commitment_print(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    commitment = selectors.commitment_for_page(process_slug, identifier)
    return render(
        request,
        "commitments/commitment_print.html",
        {"commitment": commitment, "process": commitment.process},
    )


def version_compare(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    commitment = _commitment(process_slug, identifier)
    versions = selectors.versions_of(commitment)
    latest = commitment.version_number
    try:
        first = int(request.GET.get("from", max(latest - 1, 1)))
        second = int(request.GET.get("to", latest))
    except ValueError:
        return render(request, "400.html", status=400)
    pair = selectors.version_pair(commitment, first, second)
    if pair is None:
        raise Http404
    old, new = pair
    fields = []
    for key, label in _diff_labels():
        chunks = word_diff(old.data.get(key, ""), new.data.get(key, ""))
        if has_changes(chunks):
            # The English and French texts of a field are compared on a page in one language.
            language = key.rsplit("_", 1)[1] if key.endswith(("_en", "_fr")) else None
            fields.append({"key": key, "label": label, "html": render_diff(chunks, language)})
    return render(
        request,
        "commitments/version_compare.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "versions": versions,
            "old": old,
            "new": new,
            "fields": fields,
        },
    )


def _diff_labels() -> list[tuple[str, str]]:
    labels = dict(COMMITMENT_TEMPLATE_FIELDS)
    rows = []
    for key in ("title", "problem", "status_quo", "description", "how_it_helps", "relevance"):
        rows.append((f"{key}_en", _("%(field)s (English)") % {"field": labels[key]}))
        rows.append((f"{key}_fr", _("%(field)s (French)") % {"field": labels[key]}))
    rows += [
        ("ogp_values", str(labels["relevance"])),
        ("themes", str(labels["themes"])),
        ("dates", str(labels["dates"])),
        ("contact_office_en", _("%(field)s (English)") % {"field": labels["contact"]}),
        ("contact_office_fr", _("%(field)s (French)") % {"field": labels["contact"]}),
        ("contact_email", _("Office email address")),
        ("milestones_en", _("%(field)s (English)") % {"field": labels["milestones"]}),
        ("milestones_fr", _("%(field)s (French)") % {"field": labels["milestones"]}),
    ]
    return rows


def milestone_detail(
    request: HttpRequest, process_slug: str, identifier: str, pk: int
) -> HttpResponse:
    commitment = _commitment(process_slug, identifier)
    milestone = selectors.milestone_for_page(commitment, pk)
    user = request.user
    return render(
        request,
        "commitments/milestone_detail.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "milestone": milestone,
            "can_report": user.has_perm("commitments.report_progress", milestone),
            "can_assess": user.has_perm("commitments.post_assessment", milestone),
        },
    )


@anonymous_page_cache
def dashboard(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = selectors.process_by_slug(process_slug)
    statuses = selectors.status_counts(process)
    milestones = selectors.milestone_counts(process)
    completion = selectors.completion_over_time(process)
    overdue = selectors.overdue_milestones(process)
    return render(
        request,
        "commitments/dashboard.html",
        {
            "process": process,
            "statuses": statuses,
            "milestones": milestones,
            "completion": completion,
            "overdue": overdue,
            "status_chart": charts.bar_chart([(label, n) for _s, label, n in statuses]),
            "milestone_chart": charts.bar_chart(
                [(label, n) for _s, label, n in milestones["by_status"]]
            ),
            "completion_chart": charts.bar_chart(
                [(label, total) for label, _n, total in completion]
            ),
        },
    )


def _export_meta(process) -> dict:
    return {
        "process": process.slug,
        "generated_at": timezone.now().isoformat(),
        "licence": "Open Government Licence - Canada",
    }


def export_commitments_csv(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    rows = exports.commitment_rows(process)
    return _stream(
        exports.csv_stream(exports.COMMITMENT_COLUMNS, rows),
        "text/csv",
        f"{process.slug}-commitments.csv",
    )


def export_commitments_json(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    stream = exports.json_stream(exports.commitment_rows(process), meta=_export_meta(process))
    return _stream(stream, "application/json", f"{process.slug}-commitments.json")


def export_milestones_csv(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    rows = exports.milestone_rows(process)
    return _stream(
        exports.csv_stream(exports.MILESTONE_COLUMNS, rows),
        "text/csv",
        f"{process.slug}-milestones.csv",
    )


def export_milestones_json(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    stream = exports.json_stream(exports.milestone_rows(process), meta=_export_meta(process))
    return _stream(stream, "application/json", f"{process.slug}-milestones.json")


def _stream(chunks, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@rate_limited("public_write")
def amendment_propose(request: HttpRequest, process_slug: str, identifier: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    commitment = _commitment(process_slug, identifier)
    if not request.user.has_perm("commitments.propose_amendment", commitment):
        raise PermissionDenied
    initial = {"field": request.GET.get("field", "description"), "language": request.LANGUAGE_CODE}
    form = AmendmentForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"commitment": commitment, "process": commitment.process, "form": form}
    status = 200
    if request.method == "POST":
        if form.is_bot:
            return render(request, "contributions/rejected.html", status=400)
        if form.is_valid():
            if form.findings and not request.POST.get("confirm_sensitive"):
                context["findings"] = form.findings
                return render(request, "commitments/amendment_form.html", context)
            try:
                services.amendment_propose(
                    commitment=commitment,
                    author=request.user,
                    field=form.cleaned_data["field"],
                    language=form.cleaned_data["language"],
                    replacement=form.cleaned_data["replacement"],
                    reason=form.cleaned_data["reason"],
                    # Its own namespace: a token replayed from another public form (an idea's)
                    # cannot name that form's contribution as this amendment's.
                    external_ref=f"amendment:{form.external_ref_for(request)}",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your amendment was received; it will appear once moderated."),
                )
                return redirect(commitment.get_absolute_url())
        elif "form_token" in form.errors:
            form.renew_token()
        status = 400
    return render(request, "commitments/amendment_form.html", context, status=status)


# Staff pages --------------------------------------------------------------------------------


@staff_permission("commitments.add_commitment")
def commitment_create(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = selectors.process_by_slug(process_slug)
    form = CommitmentCreateForm(request.POST if request.method == "POST" else None, process=process)
    if request.method == "POST" and form.is_valid():
        commitment = services.commitment_create(
            process=process, author=request.user, **form.cleaned_data
        )
        messages.success(request, _("The commitment was added to the potential commitments."))
        return redirect(commitment.get_absolute_url())
    return render(request, "commitments/commitment_create.html", {"process": process, "form": form})


@staff_permission("commitments.view_staff")
def invitations(request: HttpRequest, process_slug: str) -> HttpResponse:
    process = selectors.process_by_slug(process_slug)
    pending = [
        a for a in selectors.open_invitations(request.user) if a.commitment.process_id == process.pk
    ]
    return render(
        request, "commitments/invitations.html", {"process": process, "invitations": pending}
    )


@staff_permission("commitments.edit_commitment", load=_commitment)
def commitment_edit(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = CommitmentForm(
        request.POST if request.method == "POST" else None,
        instance=commitment,
        initial={"base_version": commitment.version_number},
    )
    conflict = None
    if not commitment.is_editable:
        messages.error(
            request,
            _("A commitment that is “%(status)s” can no longer be edited.")
            % {"status": commitment.get_status_display()},
        )
        return redirect(commitment.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        base_version = form.cleaned_data["base_version"]
        fresh = _commitment(commitment.process.slug, commitment.identifier)
        try:
            services.commitment_edit(
                commitment=fresh,
                editor=request.user,
                base_version=base_version,
                data=form.template_data(),
                themes=list(form.cleaned_data["themes"]),
                note_en=form.cleaned_data["note_en"],
                note_fr=form.cleaned_data["note_fr"],
            )
        except EditConflictError as error:
            conflict = _conflict_context(fresh, form, error)
            form = CommitmentForm(
                {**request.POST.dict(), "base_version": fresh.version_number},
                instance=fresh,
            )
            form.is_valid()
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Saved as version %(number)s.") % {"number": fresh.version_number}
            )
            return redirect(fresh.get_absolute_url())
    return render(
        request,
        "commitments/commitment_edit.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "form": form,
            "conflict": conflict,
        },
    )


EditConflictError = services.EditConflict


def _conflict_context(current: Commitment, form: CommitmentForm, error) -> list[dict]:
    """What changed between the editor's text and the version now current, field by field."""
    rows = []
    for key, label in _diff_labels():
        if key not in form.cleaned_data:
            continue
        theirs = getattr(current, key) or ""
        mine = form.cleaned_data.get(key) or ""
        chunks = word_diff(str(theirs), str(mine))
        if has_changes(chunks):
            language = key.rsplit("_", 1)[1] if key.endswith(("_en", "_fr")) else None
            rows.append({"label": label, "html": render_diff(chunks, language)})
    return rows


@staff_permission("commitments.change_status", load=_commitment)
def commitment_transition(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    allowed = services.allowed_transitions(commitment, request.user)
    form = TransitionForm(request.POST if request.method == "POST" else None)
    form.fields["to_status"].choices = [(s, Status(s).label) for s in allowed]
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_transition(
                commitment=commitment, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The commitment is now “%(status)s”.")
                % {"status": commitment.get_status_display()},
            )
            return redirect(commitment.get_absolute_url())
    elif request.method == "POST" and "to_status" in form.errors:
        # A status the user may not choose: say why in the domain's words, not "invalid choice".
        wanted = request.POST.get("to_status", "")
        if wanted in Status.values:
            try:
                services.commitment_transition(
                    commitment=commitment, user=request.user, to_status=wanted
                )
            except (ValidationError, PermissionDenied) as error:
                form.errors["to_status"] = form.error_class([_error_text(error)])
    return render(
        request,
        "commitments/commitment_transition.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "form": form,
            "allowed": allowed,
            "missing": services.missing_template_fields(commitment)
            if Status.IN_DRAFT_PLAN in allowed
            else [],
        },
        status=400 if request.method == "POST" else 200,
    )


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@staff_permission("commitments.decide_amendment", load=_commitment)
def amendment_list(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    return render(
        request,
        "commitments/amendment_list.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "amendments": selectors.amendments_for_editors(commitment),
        },
    )


@staff_permission("commitments.decide_amendment", load=_commitment)
def amendment_decide(request: HttpRequest, commitment: Commitment, pk: int) -> HttpResponse:
    amendment = get_object_or_404(
        Amendment.objects.select_related("contribution"), commitment=commitment, pk=pk
    )
    current_text = getattr(commitment, amendment.field_key) or ""
    # Compared with what accepting applies: the masked text.
    diff_html = render_diff(
        word_diff(current_text, amendment.public_replacement), amendment.language
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                version = services.amendment_accept(
                    amendment=amendment,
                    editor=request.user,
                    response_en=data["response_en"],
                    response_fr=data["response_fr"],
                )
                messages.success(
                    request,
                    _("Amendment accepted: version %(number)s credits it.")
                    % {"number": version.number},
                )
            else:
                services.amendment_decline(
                    amendment=amendment,
                    editor=request.user,
                    response_en=data["response_en"],
                    response_fr=data["response_fr"],
                )
                messages.success(request, _("Amendment declined; your response is public."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(
                "commitments:amendments",
                process_slug=commitment.process.slug,
                identifier=commitment.identifier,
            )
    return render(
        request,
        "commitments/amendment_decide.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "amendment": amendment,
            "diff_html": diff_html,
            "form": form,
        },
    )


@staff_permission("commitments.manage_partners", load=_commitment)
def partners(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = ActorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.actor_add(commitment=commitment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation was added."))
            return redirect(request.path)
    return render(
        request,
        "commitments/partners.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "actors": selectors.actors_for_editors(commitment),
            "form": form,
        },
    )


def _actor(process_slug: str, identifier: str, pk: int) -> CommitmentActor:
    return get_object_or_404(
        CommitmentActor.objects.select_related("organisation", "commitment__process"),
        commitment__process__slug=process_slug,
        commitment__identifier=identifier,
        pk=pk,
    )


@staff_permission("commitments.respond_partnership", load=_actor)
def partner_respond(request: HttpRequest, actor: CommitmentActor) -> HttpResponse:
    commitment = actor.commitment
    if request.method != "POST":
        return render(
            request,
            "commitments/partner_respond.html",
            {"commitment": commitment, "process": commitment.process, "actor": actor},
        )
    answer = request.POST.get("answer")
    if answer not in ("confirm", "decline"):
        return render(request, "400.html", status=400)
    try:
        services.actor_respond(actor=actor, user=request.user, confirm=answer == "confirm")
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Thank you: your answer is recorded."))
    return redirect("commitments:invitations", process_slug=commitment.process.slug)


@staff_permission("commitments.edit_commitment", load=_commitment)
def milestone_edit(
    request: HttpRequest, commitment: Commitment, pk: int | None = None
) -> HttpResponse:
    milestone = get_object_or_404(commitment.milestones, pk=pk) if pk else None
    form = MilestoneForm(request.POST if request.method == "POST" else None, instance=milestone)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.milestone_save(
                commitment=commitment, editor=request.user, data=data, milestone=milestone
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect(commitment.get_absolute_url())
    return render(
        request,
        "commitments/milestone_form.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "form": form,
            "milestone": milestone,
        },
    )


def _milestone(process_slug: str, identifier: str, pk: int) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("responsible", "commitment__process"),
        commitment__process__slug=process_slug,
        commitment__identifier=identifier,
        pk=pk,
    )


def _milestone_permission_view(permission: str, form_class, service, template: str):
    @staff_permission(permission, load=_milestone)
    def view(request: HttpRequest, milestone: Milestone) -> HttpResponse:
        commitment = milestone.commitment
        form = form_class(
            request.POST if request.method == "POST" else None,
            initial={
                "reported_on": timezone.localdate(),
                "status": milestone.status,
                "percent_complete": milestone.percent_complete,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                service(milestone=milestone, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your update is published."))
                return redirect(milestone.get_absolute_url())
        return render(
            request,
            template,
            {
                "commitment": commitment,
                "process": commitment.process,
                "milestone": milestone,
                "form": form,
            },
        )

    return view


progress_report = _milestone_permission_view(
    "commitments.report_progress",
    ProgressForm,
    services.progress_report,
    "commitments/progress_form.html",
)
assessment_post = _milestone_permission_view(
    "commitments.post_assessment",
    AssessmentForm,
    services.assessment_post,
    "commitments/assessment_form.html",
)


@staff_permission("commitments.link_contribution", load=_commitment)
def sources(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    form = LinkForm(request.POST if request.method == "POST" else None, process=commitment.process)
    if request.method == "POST" and "unlink" in request.POST:
        raw = request.POST.get("unlink", "")
        link = get_object_or_404(
            ContributionLink, commitment=commitment, pk=int(raw) if raw.isdigit() else 0
        )
        services.contribution_unlink(link=link)
        messages.success(request, _("The link was removed."))
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_link(
                commitment=commitment, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contribution is linked to this commitment."))
            return redirect(request.path)
    return render(
        request,
        "commitments/sources.html",
        {
            "commitment": commitment,
            "process": commitment.process,
            "links": selectors.sources_of(commitment, public=False),
            "form": form,
        },
    )
