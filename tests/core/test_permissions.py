"""The one permission decorator: sign-in, then the rule (on the object the URL names)."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from coplan.core.permissions import staff_permission
from tests.accounts.factories import UserFactory

rules.add_perm("tests.see_even", rules.predicate(lambda user, number: number % 2 == 0))


def _load(number: int) -> int:
    if number < 0:
        raise Http404
    return number


@staff_permission("tests.see_even", load=_load)
def _even_page(request, number: int, page: int = 1) -> HttpResponse:
    return HttpResponse(f"{number} on page {page}")


@pytest.fixture
def get(db):
    def make(user, **kwargs):
        request = RequestFactory().get("/en/staff/even/")
        request.user = user
        return _even_page(request, **kwargs)

    return make


def test_a_stranger_is_sent_to_sign_in_and_back(get):
    """Anonymous visitors go to the sign-in page with the page they asked for as `next`."""
    response = get(AnonymousUser(), number=2)
    assert response.status_code == 302
    assert "sign-in" in response["Location"] and "next=/en/staff/even/" in response["Location"]


def test_the_rule_decides_on_the_loaded_object(get):
    """The view receives the object its rule allowed, with the other URL arguments; a refused
    object is a 403 and an unknown one a 404, before the rule is asked."""
    user = UserFactory()
    assert get(user, number=4, page=3).content == b"4 on page 3"
    with pytest.raises(PermissionDenied):
        get(user, number=3)
    with pytest.raises(Http404):
        get(user, number=-1)


def test_the_view_names_its_rule():
    """The decorated view carries its rule's name, so a test can list every staff page's rule."""
    assert _even_page.permission == "tests.see_even"
