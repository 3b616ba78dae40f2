"""The accounts' personal data as privacy declares it (privacy.accounts_data): an account's
records found by its owner, its address and name covered, and passkeys' technical fields
exempt; registering into a registry of one's own declares exactly that."""

from __future__ import annotations

import pytest
from django.apps import apps

from coplan.accounts.models import EmailLinkRequest, RoleChange, User
from coplan.privacy.accounts_data import ACCOUNTS_PERSONAL_DATA, register_accounts
from coplan.privacy.registry import Registry
from coplan.privacy.selectors import Subject, subject_sections

pytestmark = pytest.mark.django_db


def test_registering_declares_the_three_models_and_the_passkeys():
    registry = Registry()
    register_accounts(registry)
    assert {entry.label for entry in registry.entries()} == {
        "accounts.EmailLinkRequest",
        "accounts.User",
        "accounts.RoleChange",
    }
    assert {"email", "display_name"} <= registry.covered_fields(User)
    attestation = apps.get_model("django_otp_webauthn", "WebAuthnAttestation")
    assert registry.is_model_exempt(attestation)
    credential = apps.get_model("django_otp_webauthn", "WebAuthnCredential")
    assert {"public_key", "credential_id"} <= registry.covered_fields(credential)


def test_an_account_is_erased_to_an_address_that_receives_nothing():
    (user_entry,) = [e for e in ACCOUNTS_PERSONAL_DATA if e.model is User]
    assert user_entry.deidentify == {"display_name": "", "email": "deidentified-{pk}@invalid"}
    (links,) = [e for e in ACCOUNTS_PERSONAL_DATA if e.model is EmailLinkRequest]
    assert links.retention_anchor == "requested_at"


def test_a_person_finds_their_account_and_link_requests_and_nobody_elses(user):
    EmailLinkRequest.objects.create(email=user.email, kind="sign_in")
    EmailLinkRequest.objects.create(email="someone.else@example.org", kind="sign_in")
    sections = {s.label: s for s in subject_sections(Subject(user_pk=user.pk, email=user.email))}
    assert [row["email"] for row in sections["accounts.User"].rows] == [user.email]
    assert [row["kind"] for row in sections["accounts.EmailLinkRequest"].rows]
    assert len(sections["accounts.EmailLinkRequest"].rows) == 1
    assert "accounts.RoleChange" not in sections
    assert RoleChange.objects.count() == 0
