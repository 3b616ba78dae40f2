"""The site's strict Content-Security-Policy and security headers on every response, pages, errors
and static files alike."""

from __future__ import annotations

import pytest
from django.test import Client

from coplan.core.security import CONTENT_SECURITY_POLICY

REQUIRED_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
]


def test_policy_is_strict():
    assert all(part in CONTENT_SECURITY_POLICY for part in REQUIRED_CSP)
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/fr/",
        "/en/account/sign-in/",
        "/en/no-such-page/",
        "/healthz",
        "/readyz",
        "/en/admin/login/",
        "/static/coplan/css/coplan.css",
        "/static/no-such-file.css",
    ],
)
def test_every_response_carries_the_security_headers(client, url, process):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    response.close()
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    if not url.startswith("/static/"):
        # Static files are served before the framing middleware; CSP frame-ancestors covers them.
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_csp_on_a_post_refused_for_csrf_with_a_translated_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fr/account/sign-in/", {"username": "a@example.org"})
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
