"""One path for every kind of public text: the sensitive-information warning on the form, then
contribution_submit (or its bulk twins), which keeps a masked copy for publication, then
moderation.

These tests enumerate what exists (every form class of the project, every place that writes
contributions, every kind and channel) instead of listing what is known, so that a form, a writer
or a kind added later fails here until it takes the path or is exempted with a reason.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.urls import get_resolver

from coplan.contributions import services
from coplan.contributions.forms import HONEYPOT_FIELD, SensitiveTextMixin
from coplan.contributions.models import Channel, Contribution, Kind

from .canary import canary_text, leaks

ROOT = Path(__file__).resolve().parents[2] / "coplan"

# Forms with free text that the public never writes or never sees published, with the reason.
# Staff-written bilingual fields (`*_en`/`*_fr`), the Django admin's forms and the staff-only
# modules below are recognised by rule and need no entry.
NOT_PUBLIC_TEXT_FORMS: dict[str, str] = {
    "coplan.accounts.forms.TokenForm": "a two-step sign-in code",
    "coplan.accounts.forms.RegistrationForm": "the display name chosen for an account, no text",
    "coplan.accounts.forms.ProfileForm": "the display name chosen for an account, no text",
    "coplan.analysis.forms.QueueFilterForm": "a staff search box, never stored",
    "coplan.analysis.forms.SplitForm": "analysts' theme codes",
    "coplan.analysis.forms.TranslationForm": "analysts' translation, stored masked by its service",
    "coplan.analysis.forms.CodingForm": "analysts' internal note and bilingual response",
    "coplan.commitments.forms.CommitmentForm": "editors' bilingual template and version note",
    "coplan.events.forms.RegistrationForm": "registration details: privacy registry, private",
    "coplan.events.forms.VolunteerOfferForm": (
        "a volunteer's offer and contact details, read by staff only, never published: privacy "
        "registry"
    ),
    "coplan.events.forms.VolunteerAnswerForm": "staff's reply emailed to one volunteer, private",
    "coplan.forum.forms.WorkspacePageForm": "forum members' own drafts, forum-only",
    "coplan.forum.forms.MemberForm": "a forum seat's holder, entered by staff",
    "coplan.intake.forms.SocialImportForm": "column names of a staff import",
    "coplan.moderation.forms.DecisionForm": "a moderator's note, staff only",
    "coplan.plans.forms.CabinetSubmitForm": "cabinet review notes, staff only",
    "coplan.plans.forms.CabinetDecisionForm": "cabinet review notes, staff only",
    "coplan.plans.forms.ExplanationForm": "staff bilingual explanation and cited numbers",
    "coplan.privacy.forms.CorrectionForm": "a correction request: privacy staff only",
    "coplan.privacy.forms.WithdrawForm": "the label of a pending contribution, never stored",
}
# Fields of public forms that are never published, by the class that declares them.
NOT_PUBLISHED_FIELDS: dict[tuple[str, str], str] = {
    ("coplan.contributions.forms.ContactFields", "name"): "ContributorContact, never published",
    ("coplan.contributions.forms.FlagForm", "note"): "read by moderators only",
    ("coplan.events.forms.NoteForm", "facilitator"): "staff's own record (provenance), unpublished",
    ("coplan.events.forms.SessionProposalForm", "contact_name"): (
        "the proposer's name: ContributorContact, never published"
    ),
    ("coplan.events.forms.SessionProposalForm", "venue_address"): (
        "a public venue's street address, published as given (exempt in the privacy registry)"
    ),
}
# Modules whose forms only staff ever see, besides the Django admin's.
STAFF_ONLY_MODULES: dict[str, str] = {
    "coplan.backoffice.forms": "the back office: every view is behind staff_permission",
}
_NOT_TEXT = (
    forms.EmailField,
    forms.SlugField,
    forms.URLField,
    forms.UUIDField,
    forms.GenericIPAddressField,
    forms.JSONField,
)


def _project_forms() -> list[type[forms.BaseForm]]:
    """Every form class the project defines: the URLconf imports the views (and their forms);
    each app's forms and admin modules are imported too, in case no view uses one yet."""
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    for config in apps.get_app_configs():
        if config.name.startswith("coplan."):
            for module in ("forms", "admin"):
                if (Path(config.path) / f"{module}.py").exists():
                    importlib.import_module(f"{config.name}.{module}")
    found, stack = [], [forms.BaseForm]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.startswith("coplan."):
                found.append(subclass)
    return sorted(set(found), key=_name)


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _declared_by(cls: type, field: str) -> str:
    for base in reversed(cls.__mro__):
        if field in getattr(base, "declared_fields", {}):
            return _name(base)
    return _name(cls)


def _free_text_fields(cls: type[forms.BaseForm]) -> list[str]:
    """Fields where someone types text (not choices, numbers, emails, hidden values, passwords,
    the honeypot, nor staff-written bilingual pairs)."""
    names = []
    for name, field in cls.base_fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, _NOT_TEXT):
            continue
        if isinstance(field.widget, forms.HiddenInput | forms.PasswordInput):
            continue
        if name == HONEYPOT_FIELD or name.endswith(("_en", "_fr")):
            continue
        if (_declared_by(cls, name), name) in NOT_PUBLISHED_FIELDS:
            continue
        names.append(name)
    return names


def test_every_form_taking_public_text_warns_of_personal_information():
    """Each form class with a free-text field either runs the sensitive-information warning on
    every such field (SensitiveTextMixin) or is exempted above with its reason; the Django
    admin's forms are staff-only."""
    project_forms = _project_forms()
    assert len(project_forms) > 40  # the walk really found the project's forms
    skipping = []
    for cls in project_forms:
        name = _name(cls)
        text_fields = _free_text_fields(cls)
        if issubclass(cls, SensitiveTextMixin):
            unchecked = [field for field in text_fields if field not in cls.sensitive_fields]
            if unchecked and name not in NOT_PUBLIC_TEXT_FORMS:
                skipping.append(f"{name}: {unchecked} not in sensitive_fields")
        elif (
            text_fields
            and name not in NOT_PUBLIC_TEXT_FORMS
            and ".admin." not in name
            # A staff-only module or a package of them (the back office's forms/).
            and cls.__module__.rpartition(".")[0] not in STAFF_ONLY_MODULES
            and cls.__module__ not in STAFF_ONLY_MODULES
        ):
            skipping.append(f"{name}: {text_fields}")
    assert not skipping, "forms taking public text without the warning:\n" + "\n".join(skipping)
    names = {_name(cls) for cls in project_forms}
    gone = sorted(set(NOT_PUBLIC_TEXT_FORMS) - names)
    assert not gone, f"exempted forms that no longer exist: {gone}"


def test_public_forms_declare_real_fields():
    """A sensitive_fields entry names a field the form has (a typo would check nothing)."""
    for cls in _project_forms():
        if issubclass(cls, SensitiveTextMixin) and cls.sensitive_fields:
            missing = set(cls.sensitive_fields) - set(cls.base_fields)
            assert not missing, f"{_name(cls)} checks fields it does not have: {missing}"


# Writers allowed to build contribution rows themselves, with the reason.
CONTRIBUTION_WRITERS = {
    "contributions/services/submission.py": "contribution_submit itself",
    "contributions/services/bulk_import.py": "contributions_import_bulk itself",
    "intake/storing.py": "the importers' bulk writer (fast inserts): masks every row first",
    "plans/demo.py": "demo comments written by us, with no personal information",
}
_WRITE_METHODS = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _contribution_writes(tree: ast.AST) -> list[int]:
    """Lines that build contribution rows: Contribution(... text=...), Contribution.objects.
    create/bulk_create..., fast_insert(Contribution, ...)."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "Contribution":
            if any(keyword.arg in {"text", "title"} for keyword in node.keywords):
                lines.append(node.lineno)
        elif isinstance(func, ast.Attribute) and func.attr in _WRITE_METHODS:
            owner = func.value
            if (
                isinstance(owner, ast.Attribute)
                and owner.attr == "objects"
                and isinstance(owner.value, ast.Name)
                and owner.value.id == "Contribution"
            ):
                lines.append(node.lineno)
        elif isinstance(func, ast.Name) and func.id == "fast_insert":
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Name) and first.id == "Contribution":
                lines.append(node.lineno)
    return lines


def test_contributions_are_written_only_through_the_shared_services():
    """No module builds contribution rows itself (an amendment did, and was published with
    personal information): every path calls contribution_submit or a bulk writer that masks."""
    bypassing = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative or relative in CONTRIBUTION_WRITERS:
            continue
        for line in _contribution_writes(ast.parse(path.read_text("utf-8"))):
            bypassing.append(f"coplan/{relative}:{line}")
    assert not bypassing, "contribution rows written around contribution_submit:\n" + "\n".join(
        bypassing
    )
    # The writers allowed above mask with the corpus's one rule, never with one of their own.
    for relative in CONTRIBUTION_WRITERS:
        if relative.endswith("demo.py") or relative.startswith("contributions/services/"):
            continue
        source = (ROOT / relative).read_text("utf-8")
        assert "redacted_or_blank(" in source and "pii.redact(" not in source, relative
    # The scan recognises a write when it sees one.
    sample = "Contribution.objects.create(text='x')\nContribution(text='x')\n"
    assert _contribution_writes(ast.parse(sample)) == [1, 2]


@pytest.mark.django_db
@pytest.mark.parametrize("channel", Channel.values)
@pytest.mark.parametrize("kind", Kind.values)
def test_every_kind_and_channel_is_stored_masked(process, kind, channel):
    """Whatever its kind and channel, a contribution holding an email, a phone number and a SIN
    is stored with a masked copy that holds none of them, one at a time and in bulk."""
    parent = None
    if kind == Kind.REPLY:
        parent = services.contribution_submit(
            process=process,
            opportunity=None,
            kind=Kind.COMMENT,
            text="A comment.",
            consent_to_publish=True,
        )
        Contribution.objects.filter(pk=parent.pk).update(moderation_state="published")
        parent.refresh_from_db()
    one = services.contribution_submit(
        process=process,
        opportunity=None,
        kind=kind,
        channel=channel,
        title=canary_text("Title") if kind == Kind.IDEA else "",
        text=canary_text("Text"),
        parent=parent,
        consent_to_publish=True,
    )
    assert leaks(one.text) and not leaks(one.public_text) and not leaks(one.public_title)
    created, _ = services.contributions_import_bulk(
        rows=[
            {
                "text": canary_text("Bulk"),
                "title": canary_text("Bulk title"),
                "external_ref": "bulk-1",
                "kind": kind,
            }
        ],
        process=process,
        channel=channel,
    )
    stored = Contribution.objects.get(channel=channel, external_ref="bulk-1")
    assert created == 1 and not leaks(stored.public_text) and not leaks(stored.public_title)
