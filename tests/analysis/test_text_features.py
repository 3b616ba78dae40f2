"""What the analysis models see of a text: case, accents and addresses folded away, function
words of both languages dropped, the same features for the same words however they are typed."""

from __future__ import annotations

from coplan.analysis.text_features import features, normalise, stop_words


def test_normalise_folds_case_accents_addresses_and_spaces():
    assert normalise("  Les DONNÉES   ouvertes\nà https://ouvert.canada.ca/fr ") == (
        "les donnees ouvertes a"
    )
    assert normalise("Voir www.example.com, ÇA") == "voir ca"  # the address up to a space
    assert normalise("") == normalise(None) == ""


def test_stop_words_hold_both_languages_function_words_only():
    words = set(stop_words())
    assert {"the", "and", "les", "des", "tres", "svp"} <= words
    assert not {"budget", "donnees", "data", "privacy"} & words
    assert stop_words() == sorted(words)


def test_the_same_words_typed_differently_give_the_same_features():
    texts = [
        "Publier les données ouvertes du budget",
        "PUBLIER LES DONNEES OUVERTES DU BUDGET https://x.ca",
        "Protect privacy online for everyone",
    ]
    matrix = features().fit_transform(texts).toarray()
    assert matrix.shape[0] == 3
    assert (matrix[0] == matrix[1]).all()
    assert (matrix[0] != matrix[2]).any()


def test_max_features_bounds_each_block():
    texts = [f"word{n} other{n} budget data" for n in range(30)]
    matrix = features(max_features=5).fit_transform(texts)
    assert matrix.shape[1] <= 10
