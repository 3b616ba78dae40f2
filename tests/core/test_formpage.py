"""The one shape of a staff form page: shown on GET; on a valid post the service is called, the
success said and the redirect answered; a refusal (form or service) is a 400 that stores nothing."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from coplan.core.formpage import form_page


class TitleForm(forms.Form):
    title = forms.CharField(max_length=20)


@pytest.fixture
def templates(settings, tmp_path):
    (tmp_path / "page.html").write_text(
        "{% for form in forms %}{{ form.errors.as_text }}{% endfor %}"
        "|{% for error in errors %}{{ error }};{% endfor %}|{{ heading }}"
    )
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]


def call(request, *forms_, save, success="Saved."):
    request._messages = CookieStorage(request)
    return form_page(
        request,
        "page.html",
        {"heading": "Title", "forms": forms_},
        forms=forms_,
        save=save,
        success=success,
        done=lambda saved: HttpResponseRedirect(f"/done/{saved}/"),
    )


def refuse():
    raise ValidationError(["Already taken.", "Try another."])


def test_a_get_shows_the_forms_without_calling_the_service(rf, templates):
    calls = []
    response = call(rf.get("/"), TitleForm(), save=lambda: calls.append(1))
    assert response.status_code == 200 and calls == []
    assert response.content.decode() == "||Title"


def test_a_valid_post_saves_says_so_and_redirects(rf, templates):
    request = rf.post("/", {"title": "Budget"})
    form = TitleForm(request.POST)
    response = call(request, form, save=lambda: 7, success=lambda saved: f"Saved {saved}.")
    assert response.status_code == 302 and response["Location"] == "/done/7/"
    assert [str(m) for m in get_messages(request)] == ["Saved 7."]


def test_every_form_shows_its_errors_and_nothing_is_saved(rf, templates):
    request = rf.post("/", {"title": ""})
    calls = []
    first, second = TitleForm(request.POST), TitleForm({"title": "x" * 30})
    response = call(request, first, second, save=lambda: calls.append(1))
    assert response.status_code == 400 and calls == []
    body = response.content.decode()
    assert "required" in body and "at most 20 characters" in body


def test_the_services_refusal_goes_to_the_summary_as_a_400(rf, templates):
    request = rf.post("/", {"title": "Budget"})
    response = call(request, TitleForm(request.POST), save=refuse)
    assert response.status_code == 400
    assert response.content.decode() == "|Already taken.;Try another.;|Title"
    assert list(get_messages(request)) == []
