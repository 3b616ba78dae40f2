"""Helpers shared by the account tests."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client

from tests.accounts.factories import TEST_PASSWORD


def sign_in(client: Client, user, next_url: str = "/en/account/") -> HttpResponse:
    return client.post(
        "/en/account/sign-in/",
        {"username": user.email, "password": TEST_PASSWORD, "next": next_url},
    )
