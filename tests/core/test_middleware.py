"""The site-wide middleware: staff pages are never cached, and a page showing a form's error
summary gets a title starting with "Error:" (« Erreur : » in French) and, when posted, a 400."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.utils import translation

from coplan.core.middleware import ErrorTitleMiddleware, StaffNoStoreMiddleware

PAGE = b"<html><head><title>Add a theme</title></head><body>%s</body></html>"
SUMMARY = b'<div data-error-summary tabindex="-1">1 error</div>'


def _page(body: bytes = b"") -> HttpResponse:
    response = HttpResponse(PAGE % body, content_type="text/html; charset=utf-8")
    response["Content-Length"] = str(len(response.content))
    return response


def _no_store(request: HttpRequest, user=None) -> HttpResponse:
    if user is not None:
        request.user = user
    return StaffNoStoreMiddleware(lambda _request: _page())(request)


@pytest.mark.parametrize("path", ["/en/staff/progress/", "/fr/admin/accounts/user/"])
def test_staff_and_admin_pages_are_never_stored_even_for_anonymous_visitors(path):
    response = _no_store(RequestFactory().get(path), AnonymousUser())
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_every_page_a_staff_member_sees_is_never_stored(moderator, user):
    assert _no_store(RequestFactory().get("/en/"), moderator)["Cache-Control"] == "no-store"
    assert not _no_store(RequestFactory().get("/en/"), user).has_header("Cache-Control")
    assert not _no_store(RequestFactory().get("/fr/"), AnonymousUser()).has_header("Cache-Control")


@pytest.mark.django_db
def test_health_checks_are_left_alone_even_for_staff(moderator):
    for path in ("/healthz", "/readyz"):
        assert not _no_store(RequestFactory().get(path), moderator).has_header("Cache-Control")


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Error: Add a theme"), ("fr", "Erreur\xa0: Add a theme")]
)
def test_a_page_with_an_error_summary_gets_an_error_title_in_its_language(language, title):
    with translation.override(language):
        response = ErrorTitleMiddleware(lambda _request: _page(SUMMARY))(RequestFactory().get("/"))
    assert f"<title>{title}</title>".encode() in response.content
    assert response.status_code == 200  # a page shown, not a submission refused
    assert response["Content-Length"] == str(len(response.content))


def test_a_refused_submission_is_answered_400_once_titled():
    with translation.override("en"):
        response = ErrorTitleMiddleware(lambda _request: _page(SUMMARY))(RequestFactory().post("/"))
    assert response.status_code == 400
    assert response.content.count(b"Error: ") == 1


def test_pages_without_a_summary_a_title_or_html_are_untouched():
    def untouched(response: HttpResponse) -> HttpResponse:
        return ErrorTitleMiddleware(lambda _request: response)(RequestFactory().post("/"))

    plain = untouched(_page())
    assert plain.content == PAGE % b"" and plain.status_code == 200
    no_title = untouched(HttpResponse(SUMMARY, content_type="text/html"))
    assert no_title.content == SUMMARY and no_title.status_code == 200
    json = untouched(HttpResponse(b'{"x": "data-error-summary"}', content_type="application/json"))
    assert json.status_code == 200 and b"Error" not in json.content
    streamed = untouched(StreamingHttpResponse(iter([SUMMARY]), content_type="text/html"))
    assert streamed.status_code == 200 and b"".join(streamed.streaming_content) == SUMMARY
