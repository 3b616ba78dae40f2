"""What We Heard quotes: whole readable sentences cut verbatim from the text, taken from each
language's contributions in proportion to participation, each marked with its language."""

from __future__ import annotations

from coplan.analysis.reporting import (
    QUOTE_MAX,
    QUOTE_MIN,
    QUOTES_PER_THEME,
    _quotes_in_proportion,
    pick_quote,
)


def candidates(themes: int, languages: dict[str, int]) -> dict[int, dict[str, list[dict]]]:
    return {
        theme: {
            language: [
                {"contribution": theme * 100 + n, "text": f"{language} {n}", "language": language}
                for n in range(count)
            ]
            for language, count in languages.items()
        }
        for theme in range(themes)
    }


def test_quotes_follow_the_languages_of_participation():
    """With half the contributions in French, half the quotes are French; with a quarter, a
    quarter; the most confident quote of a language comes first."""
    for french_share, senders in ((0.5, {"en": 500, "fr": 500}), (0.25, {"en": 750, "fr": 250})):
        quotes = _quotes_in_proportion(candidates(10, {"en": 5, "fr": 5}), senders)
        chosen = [q for qs in quotes.values() for q in qs]
        assert len(chosen) == 10 * QUOTES_PER_THEME
        french = sum(q["language"] == "fr" for q in chosen)
        assert french == round(french_share * len(chosen))
        assert all(q["text"].endswith((" 0", " 1")) for q in chosen)


def test_a_theme_quoted_in_one_language_only_still_gets_its_quotes():
    """A theme whose contributions are all English gets English quotes; later themes make up
    the French share."""
    pool = candidates(1, {"en": 3}) | {1: candidates(1, {"fr": 3})[0]}
    quotes = _quotes_in_proportion(pool, {"en": 10, "fr": 10})
    assert [q["language"] for q in quotes[0]] == ["en", "en"]
    assert [q["language"] for q in quotes[1]] == ["fr", "fr"]


def test_a_quote_is_the_first_sentence_of_a_readable_length_cut_verbatim():
    short = "Yes."
    long = "Budgets " + "and spending " * 40 + "everywhere."
    good = "Please publish every federal contract above ten thousand dollars."
    text = f"{short} {long} {good} Another sentence that is also long enough to quote here."
    assert pick_quote(text) == good
    assert good in text and QUOTE_MIN <= len(good) <= QUOTE_MAX


def test_a_text_without_a_readable_sentence_gives_its_whole_text_or_nothing():
    unpunctuated = "données ouvertes pour tout le monde partout au pays svp"
    assert pick_quote(f"  {unpunctuated}  ") == unpunctuated
    assert pick_quote("Too short.") == ""
    assert pick_quote("word " * 100) == ""
    assert pick_quote("") == ""


def test_quotes_keep_each_sentence_as_written_in_french():
    text = "Oui!\nLe gouvernement devrait publier ses données ouvertes, vraiment?! Merci."
    assert pick_quote(text) == "Le gouvernement devrait publier ses données ouvertes, vraiment?!"
