"""Stored page addresses keep no secret: a view may mark its page as holding one, and a cleaned
address loses its query string, fragment and token segments (unknown paths fall back home)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from coplan.core.page_addresses import no_page_feedback, page_address_clean, page_holds_secret

pytestmark = pytest.mark.django_db

TOKEN = "AbC123.sEcReT-tOkEn_xyz"


def test_a_view_can_say_its_page_holds_a_secret():
    request = RequestFactory().get("/en/anything/?key=secret")
    assert not page_holds_secret(request)

    @no_page_feedback
    def view(request):
        return HttpResponse("ok")

    view(request)
    assert page_holds_secret(request)


@pytest.mark.parametrize(
    ("address", "stored"),
    [
        ("/en/?utm_source=mail&token=abc", "/en/"),
        ("/fr/#page-feedback", "/fr/"),
        (f"/en/subscriptions/confirm/{TOKEN}/", "/en/subscriptions/confirm/"),
        (f"/fr/subscriptions/unsubscribe/{TOKEN}/?x=1", "/fr/subscriptions/unsubscribe/"),
        (f"/en/events/registration/{TOKEN}/", "/en/events/registration/"),
        ("/en/no-such-page/" + TOKEN + "/", "/en/"),
        ("https://elsewhere.example/en/", "/en/"),
    ],
)
def test_a_stored_address_keeps_no_query_and_no_token(address, stored, process):
    cleaned = page_address_clean(address)
    assert cleaned.split("/")[:2] == stored.split("/")[:2]
    assert cleaned == stored
    assert TOKEN not in cleaned and "?" not in cleaned and "#" not in cleaned
