"""Health checks and error pages: in both languages, without a traceback, and even without a
database."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

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


def test_healthz_answers_without_asking_anything_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_the_database_and_the_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "database": True, "cache": True}


@pytest.mark.django_db
@pytest.mark.parametrize("code", [400, 403, 404, 500, 503])
def test_api_errors_are_json_in_the_apis_shape(rf, code):
    from coplan.core import views

    request = rf.get("/api/v1/anything")
    handler = {
        400: views.bad_request,
        403: views.permission_denied,
        404: views.page_not_found,
        500: lambda r: views.server_error(r),
        503: views.service_unavailable,
    }[code]
    response = handler(request)
    assert response.status_code == code
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": views.API_ERRORS[code]}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_job_progress_is_shown_to_staff_only(client, user, administrator):
    from coplan.core.models import JobProgress

    job = JobProgress.objects.create(label="Import of 2018", total=10, done=4)
    url = reverse("core:job_progress", kwargs={"pk": job.pk})
    client.force_login(user)
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    assert client.get(url).status_code == 200
    assert client.get(reverse("core:job_progress", kwargs={"pk": uuid.uuid4()})).status_code == 404
