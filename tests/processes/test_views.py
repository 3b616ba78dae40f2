import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.processes import demo
from coplan.processes.models import Opportunity, Phase, Process, StaticPage
from tests.processes.factories import OpportunityFactory, ProcessFactory, StaticPageFactory


@pytest.mark.django_db
class TestPages:
    def test_root_redirects_to_the_browser_language(self, client):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
        assert response.status_code == 302 and response["Location"] == "/fr/"
        response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-CA")
        assert response["Location"] == "/en/"

    def test_home_lists_processes_in_each_language(self, client, process):
        assert process.title_en in client.get("/en/").content.decode()
        assert process.title_fr in client.get("/fr/").content.decode()

    def test_process_page_shows_cycle_graphic_text_version_and_toggle(self, client):
        demo.load()
        process = demo.current_process()
        html = client.get(f"/fr/processes/{process.slug}/").content.decode()
        assert 'role="img"' in html and "La version textuelle de ce graphique" in html
        assert 'id="cycle-text"' in html
        assert "Élaboration" in html and "Phase actuelle" in html
        # The toggle leads to the same page in English.
        assert f'href="/en/processes/{process.slug}/"' in html

    def test_completed_process_page_tells_what_happened_not_how_to_take_part(self, client):
        past = demo.load()
        for language, over, invitation, current in [
            ("en", "This consultation is over.", "you can take part", "Current phase"),
            ("fr", "Cette consultation est terminée.", "vous pouvez participer", "Phase actuelle"),
        ]:
            html = client.get(f"/{language}/processes/{past.slug}/").content.decode()
            assert over in html
            assert invitation not in html and current not in html

    def test_opportunity_status_shown(self, client, process):
        phase = process.phases.get(kind="drafting")
        OpportunityFactory(phase=phase, status="announced", title_en="Help us draft")
        html = client.get(f"/en/processes/{process.slug}/").content.decode()
        assert "Help us draft" in html and "To be announced" in html

    def test_unknown_slug_is_a_translated_404(self, client):
        response = client.get("/fr/processes/nope/")
        assert response.status_code == 404
        assert "Nous ne pouvons trouver cette page" in response.content.decode()

    def test_unknown_language_is_a_404_not_a_500(self, client):
        assert client.get("/de/processes/nope/").status_code == 404
        assert client.get("/xx/").status_code == 404

    def test_opportunity_of_another_process_is_404(self, client):
        first, second = ProcessFactory(), ProcessFactory()
        opportunity = OpportunityFactory(phase=second.phases.first(), slug="only-second")
        url = f"/en/processes/{first.slug}/take-part/{opportunity.slug}/"
        assert client.get(url).status_code == 404

    def test_closed_opportunity_says_so(self, client, process):
        opportunity = OpportunityFactory(phase=process.phases.first(), status="closed")
        url = f"/fr/processes/{process.slug}/take-part/{opportunity.slug}/"
        assert "Cette occasion de participation est terminée" in client.get(url).content.decode()

    def test_static_page_in_both_languages(self, client):
        StaticPageFactory(
            slug="rules",
            title_en="Rules",
            title_fr="Règles",
            body_en="Be kind.",
            body_fr="Soyez aimables.",
        )
        assert "Be kind." in client.get("/en/pages/rules/").content.decode()
        assert "Soyez aimables." in client.get("/fr/pages/rules/").content.decode()

    def test_static_page_body_is_escaped(self, client):
        StaticPage.objects.create(
            slug="x", title_en="X", title_fr="X", body_en="<script>alert(1)</script>", body_fr="ok"
        )
        html = client.get("/en/pages/x/").content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_process_page_query_count_is_constant(client, django_assert_max_num_queries):
    """More phases' opportunities do not add queries."""
    from django.core.cache import cache

    process = ProcessFactory()
    url = f"/en/processes/{process.slug}/"
    client.get(url)  # warm the per-process caches Django keeps (content types…)
    cache.clear()  # measure rendering, not the page cache
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for phase in Phase.objects.filter(process=process):
        for n in range(10):
            Opportunity.objects.create(
                phase=phase,
                slug=f"{phase.kind}-{n}",
                kind="ideas",
                title_en=f"T{n}",
                title_fr=f"T{n}",
                description_en="d",
                description_fr="d",
                status="open",
            )
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    # Three for the cycle, one for its videos, the rest a fixed number per app section (plans,
    # commitments, forum, the contact block, the invitation to propose a session…).
    assert len(small) <= 41


@pytest.mark.django_db
def test_demo_is_idempotent():
    demo.load()
    counts = (
        Process.objects.count(),
        Phase.objects.count(),
        Opportunity.objects.count(),
        StaticPage.objects.count(),
    )
    demo.load()
    assert counts == (
        Process.objects.count(),
        Phase.objects.count(),
        Opportunity.objects.count(),
        StaticPage.objects.count(),
    )
    # Two processes (the 4th plan and the current one) of six phases each.
    assert counts[:2] == (2, 12)


def test_paragraph_filters_split_crlf_text():
    """Text typed in a browser (CRLF line endings) keeps its paragraphs."""
    from coplan.processes.templatetags.coplan_text import paragraphs, public_text

    assert str(paragraphs("One.\r\n\r\nTwo.")).count("<p>") == 2
    assert str(public_text("One.\r\n\r\nTwo <b>x</b>.")).count("<p>") == 2
    assert "<b>" not in str(public_text("One.\r\n\r\nTwo <b>x</b>."))
