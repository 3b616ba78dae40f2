"""The French staff type gets French typography on French pages; the public's words keep their
own language (``typography``, ``lang_attr`` and ``paragraphs``, template builtins)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_staff_french_gets_its_non_breaking_spaces_on_french_pages_only():
    """« Merci : le texte » and « Ce que nous avons entendu » are written with non-breaking
    spaces on a French page; the same text on an English page is left as typed."""
    text = "Merci : le texte « Ce que nous avons entendu » est publié; voyez-le!"
    with translation.override("fr"):
        french = render("{{ text|typography }}", text=text)
    assert french == (
        "Merci\xa0: le texte «\xa0Ce que nous avons entendu\xa0» est publié; voyez-le!"
    )
    with translation.override("en"):
        assert render("{{ text|typography }}", text="Note: see it.") == "Note: see it."


def test_typography_keeps_escaping_and_leaves_links_and_times_alone():
    """The filter never un-escapes what it is given, and leaves addresses and times alone."""
    with translation.override("fr"):
        html = render(
            "{{ text|typography }}", text="<b>Gras</b> ici : https://ouvert.canada.ca 18:30"
        )
    assert html == "&lt;b&gt;Gras&lt;/b&gt; ici\xa0: https://ouvert.canada.ca 18:30"


def test_paragraphs_of_staff_text_follow_french_typography_on_french_pages():
    """Staff text shown through ``paragraphs`` (pages, phases, agendas) gets the same rules."""
    source = "{% load coplan_text %}{{ text|paragraphs }}"
    text = "Nous ne publierons pas les commentaires qui : sont injurieux.\n\nDeuxième « bloc »."
    with translation.override("fr"):
        html = render(source, text=text)
    assert html == (
        "<p>Nous ne publierons pas les commentaires qui\xa0: sont injurieux.</p>\n"
        "<p>Deuxième «\xa0bloc\xa0».</p>"
    )


def test_lang_attr_names_the_language_of_the_publics_words():
    """A contribution in English or French carries its language; any other language, or one
    not known, is marked unknown (lang="") so that it is never read as the page's language."""
    source = "<p{{ language|lang_attr }}>x</p>"
    assert render(source, language="en") == '<p lang="en">x</p>'
    assert render(source, language="fr") == '<p lang="fr">x</p>'
    assert render(source, language="unknown") == '<p lang="">x</p>'
    assert render(source, language='" onclick="x') == '<p lang="">x</p>'
