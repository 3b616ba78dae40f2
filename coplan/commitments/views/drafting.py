"""Staff co-drafting: adding a commitment, editing its template and milestones, moving its
status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coplan.core.permissions import staff_permission

from .. import selectors, services
from ..diff import has_changes, render_diff, word_diff
from ..forms import (
    CommitmentCreateForm,
    CommitmentForm,
    MilestoneForm,
    TransitionForm,
)
from ..models import (
    Commitment,
    Status,
)
from .common import diff_labels, error_text, load_commitment


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


@staff_permission("commitments.edit_commitment", load=load_commitment)
def commitment_edit(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    if not commitment.is_editable:
        messages.error(
            request,
            _("A commitment that is “%(status)s” can no longer be edited.")
            % {"status": commitment.get_status_display()},
        )
        return redirect(commitment.get_absolute_url())
    form = CommitmentForm(
        request.POST if request.method == "POST" else None,
        instance=commitment,
        initial={"base_version": commitment.version_number},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        fresh = load_commitment(commitment.process.slug, commitment.identifier)
        try:
            _save_version(request, fresh, form)
        except services.EditConflict as error:
            conflict = _conflict_context(fresh, form, error)
            form = _form_on_current_version(request, fresh, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Saved as version %(number)s.") % {"number": fresh.version_number}
            )
            return redirect(fresh.get_absolute_url())
    context = {"commitment": commitment, "process": commitment.process, "form": form}
    return render(request, "commitments/commitment_edit.html", {**context, "conflict": conflict})


def _save_version(request: HttpRequest, commitment: Commitment, form: CommitmentForm) -> None:
    services.commitment_edit(
        commitment=commitment,
        editor=request.user,
        base_version=form.cleaned_data["base_version"],
        data=form.template_data(),
        themes=list(form.cleaned_data["themes"]),
        note_en=form.cleaned_data["note_en"],
        note_fr=form.cleaned_data["note_fr"],
    )


def _form_on_current_version(
    request: HttpRequest, current: Commitment, error: services.EditConflict
) -> CommitmentForm:
    """The editor's text again, now based on the current version, with the conflict said."""
    form = CommitmentForm(
        {**request.POST.dict(), "base_version": current.version_number}, instance=current
    )
    form.is_valid()
    form.add_error(None, str(error))
    return form


def _conflict_context(current: Commitment, form: CommitmentForm, error) -> list[dict]:
    """What changed between the editor's text and the version now current, field by field."""
    rows = []
    for key, label in diff_labels():
        if key not in form.cleaned_data:
            continue
        theirs = getattr(current, key) or ""
        mine = form.cleaned_data.get(key) or ""
        chunks = word_diff(str(theirs), str(mine))
        if has_changes(chunks):
            language = key.rsplit("_", 1)[1] if key.endswith(("_en", "_fr")) else None
            rows.append({"label": label, "html": render_diff(chunks, language)})
    return rows


@staff_permission("commitments.change_status", load=load_commitment)
def commitment_transition(request: HttpRequest, commitment: Commitment) -> HttpResponse:
    allowed = services.allowed_transitions(commitment, request.user)
    form = TransitionForm(request.POST if request.method == "POST" else None)
    form.fields["to_status"].choices = [(s, Status(s).label) for s in allowed]
    if request.method == "POST" and form.is_valid():
        if _move(request, commitment, form):
            return redirect(commitment.get_absolute_url())
    elif request.method == "POST" and "to_status" in form.errors:
        _explain_refused_status(request, commitment, form)
    missing = (
        services.missing_template_fields(commitment) if Status.IN_DRAFT_PLAN in allowed else []
    )
    return render(
        request,
        "commitments/commitment_transition.html",
        {"commitment": commitment, "process": commitment.process, "form": form}
        | {"allowed": allowed, "missing": missing},
        status=400 if request.method == "POST" else 200,
    )


def _move(request: HttpRequest, commitment: Commitment, form: TransitionForm) -> bool:
    """Move the commitment and say so; False with the service's refusal on the form."""
    try:
        services.commitment_transition(
            commitment=commitment, user=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(
        request,
        _("The commitment is now “%(status)s”.") % {"status": commitment.get_status_display()},
    )
    return True


def _explain_refused_status(
    request: HttpRequest, commitment: Commitment, form: TransitionForm
) -> None:
    """A status the user may not choose: say why in the domain's words, not "invalid choice"."""
    wanted = request.POST.get("to_status", "")
    if wanted in Status.values:
        try:
            services.commitment_transition(
                commitment=commitment, user=request.user, to_status=wanted
            )
        except (ValidationError, PermissionDenied) as error:
            form.errors["to_status"] = form.error_class([error_text(error)])


@staff_permission("commitments.edit_commitment", load=load_commitment)
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
        {"commitment": commitment, "process": commitment.process}
        | {"form": form, "milestone": milestone},
    )
