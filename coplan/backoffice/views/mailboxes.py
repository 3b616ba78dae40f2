"""The mailboxes whose email becomes contributions: list, add, change (switch off), and a test
of the connection against the real server.

A mailbox's password is never stored nor shown: it stays in the server's environment, and a
mailbox names the variable that holds it. The test signs in as a poll would and reads nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission
from coplan.intake.email_import import MailboxError, mailbox_connection_test, mailbox_save
from coplan.intake.models import Mailbox

from ..forms import MailboxForm

PERM = "intake.manage_mailboxes"


@staff_permission(PERM)
def mailboxes(request: HttpRequest) -> HttpResponse:
    """Every mailbox with its state: active, last successful poll, failures in a row."""
    rows = Mailbox.objects.select_related("process").order_by("process__title", "label")
    return render(request, "backoffice/mailboxes.html", {"mailboxes": rows})


def _form_page(request: HttpRequest, mailbox: Mailbox | None) -> HttpResponse:
    form = MailboxForm(request.POST if request.method == "POST" else None, instance=mailbox)
    return form_page(
        request,
        "backoffice/mailbox_form.html",
        {"mailbox": mailbox, "form": form},
        forms=[form],
        save=lambda: mailbox_save(data=form.cleaned_data, mailbox=mailbox),
        success=_("The mailbox is saved."),
        done=lambda saved: redirect("backoffice:mailbox", pk=saved.pk),
    )


@staff_permission(PERM)
def mailbox_create(request: HttpRequest) -> HttpResponse:
    """A new mailbox to poll for a process."""
    return _form_page(request, None)


@staff_permission(PERM)
def mailbox_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A mailbox's settings and state; switched off, it is no longer polled."""
    return _form_page(request, get_object_or_404(Mailbox, pk=pk))


@require_POST
@staff_permission(PERM)
def mailbox_test(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign in to the server and open the folder, reading nothing; say what happened."""
    mailbox = get_object_or_404(Mailbox, pk=pk)
    try:
        unseen = mailbox_connection_test(mailbox=mailbox)
    except MailboxError as error:
        messages.error(request, _("The connection failed: %(reason)s") % {"reason": error})
    else:
        messages.success(
            request,
            ngettext(
                "The connection works: %(count)d unread message waits in the folder.",
                "The connection works: %(count)d unread messages wait in the folder.",
                unseen,
            )
            % {"count": unseen},
        )
    return redirect("backoffice:mailbox", pk=mailbox.pk)
