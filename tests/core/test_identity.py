"""The site's identity around every page: the Government of Canada signature, breadcrumb and
footer when COPLAN_GC_IDENTITY is on, the site's own name always, never the host name."""

import pytest

pytestmark = pytest.mark.django_db


def test_gc_identity_on_shows_signature_canada_ca_and_wordmark(client, settings):
    """With the GC identity, the header carries the signature linked to Canada.ca, the
    breadcrumbs start at Canada.ca and the footer has the corporate links and the wordmark,
    each in the page's language."""
    settings.COPLAN_GC_IDENTITY = True
    english = client.get("/en/account/sign-in/").content.decode()
    assert '<title id="signature-en-title">Government of Canada</title>' in english
    assert '<a class="gc-signature" href="https://www.canada.ca/en.html">' in english
    assert '<li><a href="https://www.canada.ca/en.html">Canada.ca</a></li>' in english
    assert (
        '<a href="https://www.canada.ca/en/transparency/terms.html">Terms and conditions</a>'
        in (english)
    )
    assert 'id="wordmark-en-title">Symbol of the Government of Canada</title>' in english
    french = client.get("/fr/account/sign-in/").content.decode()
    assert '<title id="signature-fr-title">Gouvernement du Canada</title>' in french
    assert '<a class="gc-signature" href="https://www.canada.ca/fr.html">' in french
    assert '<a href="https://www.canada.ca/fr/transparence/avis.html">Avis</a>' in french
    assert 'id="wordmark-fr-title">Symbole du Gouvernement du Canada</title>' in french


def test_gc_identity_off_shows_only_the_site_name(client, settings):
    """A deployment outside the Government of Canada shows its own name, no GC mark or link."""
    settings.COPLAN_GC_IDENTITY = False
    settings.COPLAN_SITE_NAME = "Open Province"
    html = client.get("/en/").content.decode()
    assert '<span class="site-signature__name">Open Province</span>' in html
    assert "canada.ca" not in html
    assert "Government of Canada" not in html
    assert "fip_flag" not in html


@pytest.mark.parametrize("gc_identity", [True, False])
def test_sign_in_page_shows_the_site_name_never_the_host(client, settings, gc_identity):
    """Django's sign-in view names the site after the request's host; the page shows
    COPLAN_SITE_NAME in its title, header and footer instead."""
    settings.COPLAN_GC_IDENTITY = gc_identity
    settings.COPLAN_SITE_NAME = "Open Province"
    for path in ("/en/account/sign-in/", "/fr/account/sign-in/", "/en/account/password-reset/"):
        response = client.get(path, HTTP_HOST="127.0.0.1:8765")
        html = response.content.decode()
        assert response.status_code == 200, path
        assert "127.0.0.1" not in html, path
        assert "– Open Province</title>" in html, path
        assert '<h3 id="footer-site-heading">Open Province</h3>' in html, path


def test_language_toggle_is_top_right_with_its_abbreviation(client):
    """The toggle names the other language in full, with its abbreviation for small screens."""
    html = client.get("/en/").content.decode()
    assert '<span class="lang-toggle__full">Français</span>' in html
    assert '<abbr class="lang-toggle__short" title="Français">fr</abbr>' in html
