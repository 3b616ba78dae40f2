"""Security headers on every response, and error pages that work in both languages, even
without a database."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext

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


ERROR_TEXT = {
    ("400", "en"): "Bad request",
    ("400", "fr"): "Requête invalide",
    ("403", "en"): "Access denied",
    ("403", "fr"): "Accès refusé",
    ("404", "en"): "We could not find that page",
    ("404", "fr"): "Nous ne pouvons trouver cette page",
    ("429", "en"): "Too many requests",
    ("429", "fr"): "Trop de requêtes",
    ("500", "en"): "Something went wrong",
    ("500", "fr"): "Une erreur s’est produite",
    ("503", "en"): "Service temporarily unavailable",
    ("503", "fr"): "Service temporairement indisponible",
}


@pytest.mark.django_db
@pytest.mark.parametrize("code,language", sorted(ERROR_TEXT))
def test_error_templates_render_in_both_languages(code, language, rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    request = rf.get(f"/{language}/")
    with translation.override(language):
        html = render_to_string(f"{code}.html", {}, request=request)
    assert ERROR_TEXT[(code, language)] in html
    assert f'lang="{language}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_database_outage_gives_the_503_page_without_a_traceback(settings, language):
    settings.ROOT_URLCONF = "tests.security.urls"
    client = Client(raise_request_exception=False)
    response = client.get("/test-database-gone", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert ERROR_TEXT[("503", language)] in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.django_db
def test_a_bug_gives_the_500_page(settings):
    settings.ROOT_URLCONF = "tests.security.urls"
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 500
    assert ERROR_TEXT[("500", "fr")] in response.content.decode()


@pytest.mark.django_db
def test_500_and_503_pages_make_no_query(settings, rf, user):
    """Their rendering path never reaches the database (the user in the template is replaced)."""
    from django.contrib.sessions.backends.db import SessionStore

    from coplan.core import views

    request = rf.get("/en/")
    request.session = SessionStore()
    from django.contrib.auth.middleware import get_user
    from django.utils.functional import SimpleLazyObject

    request.user = SimpleLazyObject(lambda: get_user(request))
    with CaptureQueriesContext(connection) as queries:
        assert views.service_unavailable(request).status_code == 503
        assert views.server_error(request).status_code == 500
    assert len(queries) == 0


@pytest.mark.django_db(transaction=True)
def test_whole_database_down_signed_in_visitor_sees_503(monkeypatch, user):
    """Every connection attempt fails (as when PostgreSQL restarts): the session cannot even be
    read, yet the visitor gets the translated 503 page, not a traceback."""
    client = Client(raise_request_exception=False)
    client.force_login(user)

    def refuse(self):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    connection.close()
    response = client.get("/fr/account/")
    assert response.status_code == 503
    assert ERROR_TEXT[("503", "fr")] in response.content.decode()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["database"] is False
