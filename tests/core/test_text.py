import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.core.text import clean_public_text


@pytest.mark.parametrize("value", ["", "   ", "\n\t  \n"])
def test_empty_or_whitespace_is_refused(value):
    with pytest.raises(ValidationError) as error:
        clean_public_text(value, max_length=100)
    assert error.value.code == "empty"


def test_null_byte_is_refused_with_a_french_message():
    with translation.override("fr"):
        with pytest.raises(ValidationError) as error:
            clean_public_text("abc\x00def", max_length=100)
        assert "caractère nul" in str(error.value.messages[0])


def test_lone_surrogate_is_refused():
    with pytest.raises(ValidationError):
        clean_public_text("bad \ud800 text", max_length=100)


def test_too_long_says_the_limit():
    with pytest.raises(ValidationError) as error:
        clean_public_text("x" * 11, max_length=10)
    assert "10" in error.value.messages[0]


def test_text_is_normalised_and_controls_removed():
    assert clean_public_text("  Cafe\u0301\r\nok\x07 ", max_length=100) == "Café\nok"
