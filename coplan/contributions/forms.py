"""The shape of public input. Domain checks (open opportunity, one level of replies…) live in
services; these forms clean text, catch bots and replays, and find sensitive information."""

from __future__ import annotations

import hashlib
import hmac
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coplan.core.text import clean_public_text
from coplan.privacy import pii

from .models import (
    COMMENT_MAX_LENGTH,
    FLAG_NOTE_MAX_LENGTH,
    PAGE_FEEDBACK_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Province,
)
from .services import CONTACT_NAME_MAX_LENGTH

TOKEN_SALT = "coplan.contributions.form"  # noqa: S105 - a signing namespace
# A form left open over a weekend still works; an old copy of a page cannot be replayed later.
TOKEN_MAX_AGE = 3 * 24 * 3600
HONEYPOT_FIELD = "website"
# The page-feedback form shares every page with other forms: its ids must not collide.
PAGE_FEEDBACK_PREFIX = "feedback"


def new_form_token() -> str:
    return signing.dumps(uuid.uuid4().hex, salt=TOKEN_SALT)


class SensitiveTextMixin:
    """The warning step of every form whose text may be published: once the form is cleaned,
    `findings` lists the personal information (privacy.pii) in the values of
    `sensitive_fields`. The view shows the warning (contributions/includes/
    sensitive_warning.html) and stores nothing until the person edits the text or sends it as it
    is (`confirm_sensitive`); the service then stores it through contribution_submit, which keeps
    a masked copy for publication. tests/security/test_one_path.py fails on a form that takes
    public text without this step.

    Read from the cleaned data when asked (not in clean()), so that the texts are searched as
    the form finally cleaned them, whatever the order of the form's mixins."""

    sensitive_fields: tuple[str, ...] = ()

    def sensitive_values(self) -> list[str]:
        """The cleaned texts to search (forms built at run time override this)."""
        cleaned = getattr(self, "cleaned_data", None) or {}
        return [cleaned.get(name) or "" for name in self.sensitive_fields]

    @property
    def findings(self) -> list[pii.Finding]:
        return [finding for value in self.sensitive_values() for finding in pii.detect(value)]


class PublicForm(SensitiveTextMixin, forms.Form):
    """Every public form: a signed one-time token (a replayed form stores nothing twice), a
    honeypot field people never see (bots fill it) and the sensitive-information warning."""

    form_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", new_form_token())

    @property
    def is_bot(self) -> bool:
        return bool(
            self.is_bound and (self.data.get(self.add_prefix(HONEYPOT_FIELD)) or "").strip()
        )

    def clean_form_token(self) -> str:
        try:
            value = signing.loads(
                self.cleaned_data["form_token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
            )
        except signing.BadSignature:
            raise ValidationError(
                _("This form has expired. Your text is kept below: please send it again."),
                code="expired",
            ) from None
        return f"web:{value}"

    def external_ref_for(self, request) -> str:
        """The idempotency key of this submission: the form's one-time token, bound to the
        visitor's CSRF secret. A replay by the same visitor finds the stored contribution; the
        same token seen by several visitors (a page served from the page cache) does not make
        their submissions collide."""
        secret = request.META.get("CSRF_COOKIE") or ""
        binding = hmac.new(settings.SECRET_KEY.encode(), secret.encode(), hashlib.sha256)
        return f"{self.cleaned_data['form_token']}:{binding.hexdigest()[:16]}"

    def renew_token(self) -> None:
        """After an expired token, give the re-rendered form a fresh one."""
        data = self.data.copy()
        data[self.add_prefix("form_token")] = new_form_token()
        self.data = data

    def public_fields(self):
        """The fields people fill in (the honeypot and token are rendered apart)."""
        return [field for field in self if field.name not in {"form_token", HONEYPOT_FIELD}]


def _text_field(label, max_length: int, *, required: bool = True, rows: int = 6, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": max_length}),
    )


class ContactFields(forms.Form):
    name = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        max_length=CONTACT_NAME_MAX_LENGTH,
        help_text=_("Never published. Used only if we need to contact you."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Never published. Used only if we need to contact you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify = forms.BooleanField(
        label=_("Email me when my contribution receives a response or is used in a commitment"),
        required=False,
        help_text=_(
            "We first send a message to confirm the address above. Each email has a link to "
            "stop them."
        ),
    )
    consent_to_publish = forms.BooleanField(
        label=_(
            "I have read the privacy notice and the rules of participation, and I agree that "
            "my contribution may be published."
        ),
        required=True,
        error_messages={"required": _("Please agree to the publication of your contribution.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("notify") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "email", _("Give your email address so that we can tell you of the response.")
            )
        return cleaned


class IdeaForm(PublicForm, ContactFields):
    sensitive_fields = ("title", "text")
    title = forms.CharField(
        label=_("Title of your idea"),
        max_length=TITLE_MAX_LENGTH,
        strip=False,
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX_LENGTH}),
    )
    text = _text_field(_("Your idea"), TEXT_MAX_LENGTH, rows=10)
    province = forms.ChoiceField(
        label=_("Province or territory (optional)"),
        required=False,
        choices=[("", _("Prefer not to say")), *Province.choices],
    )
    field_order = ["title", "text", "province", "name", "email", "notify", "consent_to_publish"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext(
            "Plain text; links are kept. Up to %(limit)s characters."
        ) % {"limit": TEXT_MAX_LENGTH}

    def clean_title(self) -> str:
        return clean_public_text(self.cleaned_data["title"], max_length=TITLE_MAX_LENGTH)

    def clean_text(self) -> str:
        return clean_public_text(self.cleaned_data["text"], max_length=TEXT_MAX_LENGTH)


class CommentForm(PublicForm, ContactFields):
    sensitive_fields = ("text",)
    text = _text_field(_("Your comment"), COMMENT_MAX_LENGTH, rows=5)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    field_order = ["text", "name", "email", "notify", "consent_to_publish"]

    def __init__(self, *args, reply_to: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if reply_to:
            self.fields["text"].label = _("Your reply")
            self.initial["parent"] = reply_to

    def clean_text(self) -> str:
        return clean_public_text(self.cleaned_data["text"], max_length=COMMENT_MAX_LENGTH)

    def public_fields(self):
        return [field for field in super().public_fields() if field.name not in {"parent", "next"}]


class PageFeedbackForm(PublicForm):
    sensitive_fields = ("comment",)
    useful = forms.TypedChoiceField(
        label=_("Was this page useful?"),
        required=False,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comment = _text_field(
        _("Your comment (optional)"),
        PAGE_FEEDBACK_MAX_LENGTH,
        required=False,
        rows=3,
        help_text=_("Please do not include personal information. You will not get a reply."),
    )
    page = forms.CharField(widget=forms.HiddenInput, max_length=500)

    def clean_comment(self) -> str:
        return clean_public_text(
            self.cleaned_data["comment"], max_length=PAGE_FEEDBACK_MAX_LENGTH, required=False
        )

    def clean_page(self) -> str:
        page = self.cleaned_data["page"]
        # Only an address of this site, under a language prefix: never a link elsewhere.
        if not page.startswith(("/en/", "/fr/")) or "//" in page or "\\" in page:
            raise ValidationError(_("The page address is not valid."))
        # Kept whole to send the person back where they were; page_feedback_submit stores it
        # without query string or token.
        return page

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("useful") is None and not cleaned.get("comment") and not self.errors:
            raise ValidationError(_("Tell us whether the page was useful, or leave a comment."))
        return cleaned


class FlagForm(PublicForm):
    note = _text_field(
        _("What is the problem? (optional)"),
        FLAG_NOTE_MAX_LENGTH,
        required=False,
        rows=3,
        help_text=_("For example: personal information, abuse, advertising."),
    )

    def clean_note(self) -> str:
        return clean_public_text(
            self.cleaned_data["note"], max_length=FLAG_NOTE_MAX_LENGTH, required=False
        )
