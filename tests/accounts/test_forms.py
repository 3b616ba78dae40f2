"""Account forms: a registration's password checked against the site's rules and the person's
own details, in the reader's language; a profile changes only name and language."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.accounts.forms import ProfileForm, RegistrationForm

pytestmark = pytest.mark.django_db

STRONG = "correct horse battery staple"


def _registration(password: str, **extra) -> RegistrationForm:
    data = {"display_name": "", "preferred_language": "fr", "password": password, **extra}
    return RegistrationForm(data, email="alice.tremblay@example.org")


def test_a_long_uncommon_password_is_accepted():
    form = _registration(STRONG)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["password"] == STRONG


@pytest.mark.parametrize(
    "password",
    ["short pass", "1q2w3e4r5t6y7u8i9o0p", "alice.tremblay@example.org", "123456789012345678"],
)
def test_weak_passwords_are_refused(password):
    assert "password" in _registration(password).errors


def test_the_password_rules_are_told_in_french():
    with translation.override("fr"):
        errors = " ".join(_registration("short").errors["password"])
    assert "caractères" in errors


def test_an_unknown_language_is_refused():
    assert "preferred_language" in _registration(STRONG, preferred_language="de").errors


def test_a_profile_changes_only_the_name_and_language(user):
    form = ProfileForm(
        {"display_name": "Alice", "preferred_language": "fr", "email": "x@y.z"}, instance=user
    )
    assert form.is_valid()
    saved = form.save()
    assert (saved.display_name, saved.preferred_language) == ("Alice", "fr")
    assert saved.email != "x@y.z"


def test_a_password_like_the_display_name_is_refused():
    form = _registration("Gwendolyn Featherstonehaugh", display_name="Gwendolyn Featherstonehaugh")
    assert "password" in form.errors
