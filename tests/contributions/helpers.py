"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

from tests.contributions.conftest import form_token


def idea_post(client, url, **overrides):
    token = form_token(client.get(url + "new/").content.decode())
    data = {
        "form_token": token,
        "title": "Open contracts",
        "text": "Publish every contract as open data.",
        "consent_to_publish": "on",
        **overrides,
    }
    return client.post(url + "new/", data)
