"""What every page's template knows of the site: its name, and the same page's address in the
other official language; the Government of Canada links in the reader's language when on."""

from __future__ import annotations

import pytest
from django.template import RequestContext, Template
from django.utils import translation

from coplan.core.context_processors import site


@pytest.mark.parametrize(
    ("language", "path", "other", "other_url"),
    [
        ("en", "/en/account/sign-in/", "fr", "/fr/account/sign-in/"),
        ("fr", "/fr/account/sign-in/?next=/fr/", "en", "/en/account/sign-in/?next=/fr/"),
        ("en", "/healthz", "fr", "/fr/"),
        ("fr", "/api/v1/nowhere", "en", "/en/"),
    ],
)
def test_the_other_language_is_the_same_page_or_its_home(rf, language, path, other, other_url):
    with translation.override(language):
        context = site(rf.get(path))
    assert context["other_language_code"] == other
    assert context["other_language_url"] == other_url


def test_the_site_name_is_the_configured_one_never_the_host(rf, settings):
    settings.COPLAN_SITE_NAME = "Open Province"
    settings.COPLAN_GC_IDENTITY = False
    with translation.override("en"):
        context = site(rf.get("/en/", HTTP_HOST="evil.example"))
    assert context["site_name"] == context["coplan_site_name"] == "Open Province"
    assert context["gc_identity"] is False
    assert "canada_ca_url" not in context and "gc_corporate_links" not in context


@pytest.mark.parametrize(
    ("language", "home", "terms"),
    [
        ("en", "https://www.canada.ca/en.html", ("Terms and conditions", "/en/transparency/")),
        ("fr", "https://www.canada.ca/fr.html", ("Avis", "/fr/transparence/")),
    ],
)
def test_gc_identity_links_are_in_the_readers_language(rf, settings, language, home, terms):
    """The Canada.ca and corporate links are not in the context any more: the page frame's
    parts (the chrome tag, rendered once per language) hold them."""
    settings.COPLAN_GC_IDENTITY = True
    frame = Template(
        "{% load coplan_chrome %}"
        + "".join(f'{{% chrome "{part}" %}}' for part in ("header", "breadcrumbs", "footer_end"))
    )
    with translation.override(language):
        request = rf.get(f"/{language}/")
        context = site(request)
        markup = frame.render(RequestContext(request, context))
    assert "gc_corporate_links" not in context
    assert f'href="{home}"' in markup
    assert terms[0] in markup and terms[1] in markup
