"""A NUL character anywhere in a request is refused with a 400 before any query; the API answers
its errors in JSON."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

NUL_GETS = [
    # Path segments that reach a database lookup (str converters).
    "/en/events/registration/ab%00cd/",
    "/fr/privacy/my-data/access/ab%00cd/",
    "/en/account/register/ab%00cd/",
    "/fr/account/two-step/set-up/ab%00cd/",
    # Query parameters: filters, searches, pages.
    "/en/events/?q=%00",
    "/fr/events/?page=1%00",
    "/en/participate/mine/?status=%00",
    "/en/processes/demo/?phase=a%00",
]
NUL_POSTS = [
    ("/en/account/sign-in/", {"username": "reader\x00@example.org", "password": "x"}),
    ("/fr/account/password-reset/", {"email": "reader\x00@example.org"}),
    ("/en/participate/page-feedback/", {"page": "/en/\x00", "text": "Useful"}),
    ("/fr/account/register/", {"email\x00": "reader@example.org"}),
]
NUL_API = [
    "/api/v1/processes/a%00b",
    "/api/v1/contributions?cursor=%00",
    "/api/v1/contributions/1%00",
    "/api/v1/events?process=%00",
]


@pytest.mark.parametrize("url", NUL_GETS)
def test_a_nul_in_the_address_is_a_400_page_in_its_language_without_a_query(
    url, django_assert_num_queries
):
    """No query runs (PostgreSQL would raise DataError on one): a translated 400 page."""
    with django_assert_num_queries(0):
        response = Client().get(url)
    assert response.status_code == 400
    language = url.split("/")[1]
    assert f'lang="{language}"'.encode() in response.content
    expected = {
        "en": "a character that cannot be used (a null character)",
        "fr": "un caractère qui ne peut pas être utilisé (un caractère nul)",
    }[language]
    assert expected in response.content.decode()


@pytest.mark.parametrize(("url", "data"), NUL_POSTS)
def test_a_nul_in_a_form_field_is_a_400_without_a_query(url, data, django_assert_num_queries):
    """Field values and names alike; nothing is read or stored."""
    with django_assert_num_queries(0):
        response = Client().post(url, data)
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"


def test_a_nul_in_the_session_cookie_is_a_400_without_a_query(django_assert_num_queries):
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    with django_assert_num_queries(0):
        response = client.get("/en/")
    assert response.status_code == 400


@pytest.mark.parametrize("url", NUL_API)
def test_the_api_refuses_a_nul_in_json(url, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "NUL" in json.loads(response.content)["detail"]


def test_every_api_error_is_json():
    """404 (an unknown address under /api/), 400, 405, 429 and 500 alike: never HTML."""
    client = Client(raise_request_exception=False)
    for url, status in [
        ("/api/v1/no-such-thing", 404),
        ("/api/v1/processes/no-such-process", 404),
        ("/api/v1/contributions?limit=abc", 400),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Content-Type"].startswith("application/json"), url
        assert json.loads(response.content)["detail"]
    for method in ("post", "delete"):
        response = getattr(client, method)("/api/v1/processes")
        assert response.status_code == 405
        assert response["Content-Type"].startswith("application/json")
        assert json.loads(response.content) == {"detail": "Method Not Allowed."}
        assert "GET" in response["Allow"]


def test_an_unexpected_api_failure_is_a_json_500(monkeypatch):
    from coplan.opendata import api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api, "_text", broken)
    from tests.processes.factories import ProcessFactory

    ProcessFactory()
    response = Client(raise_request_exception=False).get("/api/v1/processes")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": "Server error."}


def test_the_api_rate_limit_answers_in_json(settings):
    settings.COPLAN_RATE_API = "2/60"
    client = Client()
    statuses = [client.get("/api/v1/processes").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = client.get("/api/v1/processes")
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]
