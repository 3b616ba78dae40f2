"""The staff forms of the process page's blocks (processes.forms): English and French side by
side, every other field after them, and only the input's shape checked here."""

from __future__ import annotations

from coplan.processes.blocks import INTRODUCTION_MAX_LENGTH
from coplan.processes.forms import ContactBlockForm, VideoBlockForm


def test_bilingual_texts_come_in_pairs_and_the_rest_follows_in_order():
    form = VideoBlockForm()
    assert [(en.name, fr.name) for en, fr in form.pairs()] == [
        ("title_en", "title_fr"),
        ("transcript_en", "transcript_fr"),
    ]
    assert [field.name for field in form.single_fields()] == [
        "embed_url",
        "video_file",
        "captions_en",
        "captions_fr",
        "position",
    ]
    contact = ContactBlockForm()
    assert [(en.name, fr.name) for en, fr in contact.pairs()] == [
        ("introduction_en", "introduction_fr")
    ]
    assert [field.name for field in contact.single_fields()] == ["email", "form_enabled"]


def test_a_video_address_without_scheme_is_taken_as_https_and_the_position_is_bounded():
    form = VideoBlockForm({"embed_url": "www.youtube.com/watch?v=abc", "position": "3"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["embed_url"] == "https://www.youtube.com/watch?v=abc"
    # Which language is missing is the service's to say: an empty title passes here.
    assert form.cleaned_data["title_en"] == ""
    assert "position" in VideoBlockForm({"position": "1001"}).errors
    assert "embed_url" in VideoBlockForm({"embed_url": "not a url", "position": "0"}).errors


def test_a_contact_block_checks_the_address_and_the_introductions_length():
    assert ContactBlockForm({"email": "team@example.gc.ca", "form_enabled": "on"}).is_valid()
    assert "email" in ContactBlockForm({"email": "team at example"}).errors
    too_long = {"introduction_fr": "x" * (INTRODUCTION_MAX_LENGTH + 1)}
    assert "introduction_fr" in ContactBlockForm(too_long).errors
