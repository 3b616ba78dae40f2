"""Per-app catalogs: every string of the code has its French translation, extracted afresh."""

from coplan.core import i18n


def test_every_string_has_a_french_translation():
    """Strings are extracted afresh from the code: any missing or fuzzy French entry fails."""
    problems = i18n.missing_translations()
    assert problems == {}, "\n".join(
        f"{where}: {msgid!r}" for where, msgids in problems.items() for msgid in msgids
    )
