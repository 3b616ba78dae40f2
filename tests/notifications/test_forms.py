"""The subscription forms (notifications.forms): which addresses may subscribe, the honeypot, and
the messages in both languages."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from coplan.notifications.forms import FollowForm, SubscribeForm, clean_subscriber_email

pytestmark = pytest.mark.django_db


def test_an_address_is_trimmed_and_lowercased():
    assert clean_subscriber_email("  Reader@Example.ORG ") == "reader@example.org"
    assert clean_subscriber_email("a@mail.example.ca") == "a@mail.example.ca"


@pytest.mark.parametrize(
    "email,english,french",
    [
        ("a@localhost", "full domain name", "nom de domaine complet"),
        ("a@[127.0.0.1]", "full domain name", "nom de domaine complet"),
        ("a@mail.invalid", "cannot receive email", "ne peut pas recevoir de courriels"),
        ("a@site.test", "cannot receive email", "ne peut pas recevoir de courriels"),
        ("a@mailinator.com", "temporary mailboxes", "boîtes de courriel"),
        ("a@eu.yopmail.fr", "temporary mailboxes", "boîtes de courriel"),
    ],
)
def test_addresses_that_never_reach_a_person_are_refused_in_each_language(email, english, french):
    for language, expected in (("en", english), ("fr", french)):
        with translation.override(language):
            with pytest.raises(forms.ValidationError) as error:
                clean_subscriber_email(email)
            # The message is lazy: it is read in the language of the page that shows it.
            assert expected in error.value.messages[0]


def test_a_look_alike_of_a_disposable_domain_is_accepted():
    assert clean_subscriber_email("a@notmailinator.com") == "a@notmailinator.com"


def _data(chosen, **changes) -> dict:
    return {
        "email": "reader@example.org",
        "process": chosen.slug,
        "kinds": ["phase_opened", "report_published"],
        "language": "fr",
        "frequency": "weekly",
        **changes,
    }


def test_a_subscription_is_read_with_the_process_by_its_slug(process):
    form = SubscribeForm(_data(process, email="Reader@Example.org"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["process"] == process
    assert form.cleaned_data["email"] == "reader@example.org"
    assert form.cleaned_data["kinds"] == ["phase_opened", "report_published"]


def test_the_form_starts_in_the_page_language_with_every_kind_ticked(process):
    with translation.override("fr"):
        form = SubscribeForm()
    assert form.fields["language"].initial == "fr"
    assert form.fields["frequency"].initial == "immediate"
    assert "commitment_progress" not in form.fields["kinds"].initial
    assert "report_published" in form.fields["kinds"].initial


def test_news_must_be_chosen_and_the_honeypot_left_empty(process):
    with translation.override("fr"):
        form = SubscribeForm(_data(process, kinds=[], website="http://spam.example.com"))
        assert not form.is_valid()
        assert form.errors["kinds"] == ["Choisissez au moins un type de nouvelles à suivre."]
        assert form.errors["website"] == ["Veuillez laisser ce champ vide."]


def test_an_unknown_process_or_kind_is_refused(process):
    assert "process" in SubscribeForm(_data(process, process="no-such-process")).errors
    assert "kinds" in SubscribeForm(_data(process, kinds=["commitment_progress"])).errors


def test_following_one_object_checks_the_address_the_same_way():
    form = FollowForm({"email": "a@mailinator.com", "language": "en"})
    assert not form.is_valid() and "temporary mailboxes" in form.errors["email"][0]
    form = FollowForm({"email": "Person@Example.org", "language": "fr"})
    assert form.is_valid() and form.cleaned_data["email"] == "person@example.org"
