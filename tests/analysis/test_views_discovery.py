"""The topics page: discovering topics and adopting one as a theme."""

from __future__ import annotations

from django.urls import reverse

from coplan.analysis.models import Theme
from tests.analysis.conftest import corpus_rows, make_contributions


def test_topics_page_discovers_and_adopts(client, analyst, process, themes):
    client.force_login(analyst)
    make_contributions(process, corpus_rows()[:60])
    url = reverse("analysis:topics", kwargs={"slug": process.slug})
    assert client.post(url, {"seed": "5", "topics": "4"}).status_code == 302
    assert client.post(url, {"seed": "-1", "topics": "400"}).status_code == 400
    response = client.get(url)
    candidate = response.context["candidates"][0]
    adopt = reverse("analysis:topic_adopt", kwargs={"slug": process.slug, "pk": candidate.pk})
    prefix = f"c{candidate.pk}"
    client.post(
        adopt,
        {f"{prefix}-code": "new-theme", f"{prefix}-name_en": "New", f"{prefix}-name_fr": "Nouveau"},
    )
    assert Theme.objects.filter(code="new-theme").exists()
