"""Analysis pages as a whole: which roles may see them and post to them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coplan.analysis.models import Coding


def staff_urls(process, contribution, theme):
    slug = process.slug
    return [
        reverse("analysis:home"),
        reverse("analysis:queue", kwargs={"slug": slug}),
        reverse("analysis:code", kwargs={"slug": slug, "pk": contribution.pk}),
        reverse("analysis:codebook", kwargs={"slug": slug}),
        reverse("analysis:theme_edit", kwargs={"slug": slug, "pk": theme.pk}),
        reverse("analysis:campaigns", kwargs={"slug": slug}),
        reverse("analysis:topics", kwargs={"slug": slug}),
        reverse("analysis:reports", kwargs={"slug": slug}),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 200),
        ("administrator", 200),
        ("moderator", 403),
        ("forum_member", 403),
        ("reporter", 403),
        ("user", 403),
    ],
)
def test_staff_pages_per_role(client, request, process, themes, one, role, status):
    client.force_login(request.getfixturevalue(role))
    for url in staff_urls(process, one, themes["open-data"]):
        response = client.get(url)
        if url == reverse("analysis:home") and status == 200:
            assert response.status_code in (200, 302)
            continue
        assert response.status_code == status, url
        if status == 200:
            assert "no-store" in response["Cache-Control"]


def test_staff_pages_send_anonymous_to_sign_in(client, process, themes, one):
    for url in staff_urls(process, one, themes["open-data"]):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_staff_posts_need_the_role(client, moderator, process, themes, one):
    client.force_login(moderator)
    url = reverse("analysis:code", kwargs={"slug": process.slug, "pk": one.pk})
    assert client.post(url, {"themes": [themes["open-data"].pk]}).status_code == 403
    assert not Coding.objects.exists()
    retrain = reverse("analysis:retrain", kwargs={"slug": process.slug})
    assert client.post(retrain).status_code == 403
