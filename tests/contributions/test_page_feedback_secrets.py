"""Page feedback never stores a secret: pages whose address is a key (confirmation, access,
sign-in, registration links) show no feedback widget, and every stored page address loses its
query string and token segments (coplan.core.page_addresses)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from coplan.contributions import services
from coplan.contributions.models import Contribution
from coplan.core.page_addresses import SECRET_ARGUMENTS, page_address_clean
from tests.contributions.conftest import form_token

pytestmark = pytest.mark.django_db

WIDGET = 'id="page-feedback"'
TOKEN = "AbC123.sEcReT-tOkEn_xyz"


def _secret_routes() -> list[str]:
    """The names of every route with a secret argument (a token in its address)."""
    names = []

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if SECRET_ARGUMENTS & set(pattern.pattern.converters):
                    names.append(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))


def _address(name: str) -> str:
    """The route's address with a made-up token (and id), in English."""
    values = {"token": TOKEN, "uidb64": "MQ", "pk": 1}
    with translation.override("en"):
        for keys in (("token",), ("uidb64", "token"), ("pk", "token")):
            try:
                return reverse(name, kwargs={key: values[key] for key in keys})
            except NoReverseMatch:
                continue
    raise AssertionError(f"cannot build an address for {name}")


def test_the_routes_with_a_secret_are_found():
    routes = _secret_routes()
    for expected in (
        "notifications:confirm",
        "notifications:unsubscribe",
        "events:registration",
        "privacy:access",
        "accounts:sign_in_link",
        "surveys:confirm",
        "contributions:support_confirm",
    ):
        assert any(route.endswith(expected.split(":")[1]) for route in routes), expected


@pytest.mark.parametrize("name", _secret_routes())
def test_no_feedback_widget_on_a_page_whose_address_is_a_key(client, name, process):
    address = _address(name)
    assert TOKEN in address
    response = client.get(address)
    assert response.status_code < 500
    html = response.content.decode()
    assert WIDGET not in html
    assert TOKEN not in html.split("</main>")[-1]


def test_the_widget_is_on_ordinary_pages(client, process):
    assert WIDGET in client.get("/en/").content.decode()


def test_every_route_with_a_secret_is_stored_without_it(process):
    for name in _secret_routes():
        assert TOKEN not in page_address_clean(_address(name)), name


def test_feedback_posted_from_a_token_page_stores_the_address_without_the_token(client, process):
    html = client.get("/en/").content.decode()
    response = client.post(
        "/en/participate/page-feedback/",
        {
            "feedback-form_token": form_token(html, prefix="feedback"),
            "feedback-page": f"/en/events/registration/{TOKEN}/?from=mail",
            "feedback-useful": "yes",
        },
    )
    assert response.status_code == 302
    assert Contribution.objects.get().page_url == "/en/events/registration/"


def test_the_service_strips_whatever_path_calls_it(process):
    feedback = services.page_feedback_submit(
        process=process,
        page_url=f"/fr/subscriptions/manage/{TOKEN}/?courriel=a%40example.org",
        useful=True,
        text="",
    )
    assert feedback.page_url == "/fr/subscriptions/manage/"
