"""The codebook pages: adding, splitting and merging themes."""

from __future__ import annotations

from django.urls import reverse

from coplan.analysis.models import Theme


def test_codebook_add_merge_split(client, analyst, process, themes):
    client.force_login(analyst)
    url = reverse("analysis:codebook", kwargs={"slug": process.slug})
    response = client.post(
        url,
        {
            "code": "youth",
            "name_en": "Youth",
            "name_fr": "Jeunes",
            "parent": themes["participation-inclusion"].pk,
        },
    )
    assert response.status_code == 302
    youth = Theme.objects.get(code="youth")
    response = client.post(url, {"code": "youth", "name_en": "Y", "name_fr": "J"})
    assert response.status_code == 400 and b"already has this code" in response.content
    split = reverse("analysis:theme_split", kwargs={"slug": process.slug, "pk": youth.pk})
    client.post(split, {"parts": "only-one | One | Un"})
    assert not Theme.objects.filter(code="only-one").exists()
    client.post(split, {"parts": "students | Students | Étudiants\nschools | Schools | Écoles"})
    assert Theme.objects.filter(code__in=["students", "schools"]).count() == 2
    merge = reverse("analysis:theme_merge", kwargs={"slug": process.slug, "pk": youth.pk})
    assert client.post(merge, {"target": themes["public-participation"].pk}).status_code == 302
    youth.refresh_from_db()
    assert not youth.is_active
