"""The registry knows every personal field of every model, and every entry is usable."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from coplan.privacy.registry import (
    PersonalData,
    Registry,
    looks_personal,
    registry,
    translated_content_fields,
    uncovered_text_fields,
)
from coplan.privacy.retention import _resolve, deidentified_values

HOW_TO = """
Personal information must be declared to the privacy registry (coplan/privacy/registry.py).
For each model below, in your app's AppConfig.ready():

    from coplan.privacy.registry import PersonalData, registry
    registry.register(PersonalData(
        model=YourModel, fields=(<the personal fields>), purpose="why you hold it",
        subject_user="<path to the person's account pk>", subject_email="<path to their email>",
        retention_anchor="<path to the activity's completion date, e.g. process__completed_on>",
        deidentify={"<field>": "" or "deidentified-{pk}@invalid" for unique columns},
    ))

or, if a field only looks personal (the name of a job, an office's address):

    registry.exempt(YourModel, ["<field>"], reason="what it really holds")

Bilingual content fields (modeltranslation) are exempt by rule.
"""


def test_every_personal_looking_field_is_registered_or_exempt():
    """Fails for any model in the project with an unregistered, unexempted personal field."""
    missing = {}
    for model in apps.get_models():
        uncovered = registry.uncovered_fields(model)
        if uncovered:
            missing[model._meta.label] = uncovered
    lines = "\n".join(f"  {label}: {', '.join(fields)}" for label, fields in missing.items())
    assert not missing, f"Fields that look personal and are not in the registry:\n{lines}\n{HOW_TO}"


def test_every_entry_resolves_and_can_be_deidentified():
    """Each registered path exists and every personal field has a de-identified value."""
    for entry in registry.entries():
        for name in entry.fields + entry.client_hash_fields:
            entry.model._meta.get_field(name)
        for path in filter(None, [entry.subject_user, entry.retention_anchor]):
            if path != "pk":
                _resolve(entry.model, path.removesuffix("_id"))
        emails = entry.subject_email or ()
        for path in (emails,) if isinstance(emails, str) else emails:
            _resolve(entry.model, path)
        if entry.unconfirmed is not None:
            confirmed, requested, days = entry.unconfirmed
            _resolve(entry.model, confirmed)
            _resolve(entry.model, requested)
            assert days > 0, entry.label
        assert set(entry.deidentify) <= set(entry.fields), entry.label
        bulk, per_row = deidentified_values(entry)
        assert set(bulk) | set(per_row) == set(entry.fields), entry.label


def test_every_exemption_has_a_reason():
    for model in apps.get_models():
        for exemption in registry.exemptions(model):
            assert len(exemption.reason) > 8, model._meta.label


def test_looks_personal_catches_usual_names():
    for name in [
        "name",
        "display_name",
        "email",
        "contact_email",
        "phone",
        "ip_hash",
        "postal_code",
        "username",
        "twitter_handle",
        "street_address",
        "lastname",
    ]:
        assert looks_personal(name), name
    for name in ["title", "slug", "kind", "status", "received_at", "filename", "description"]:
        assert not looks_personal(name), name


def test_a_new_model_with_a_name_fails_until_registered():
    """The test above is not vacuous: an unregistered model is reported, then accepted."""
    own = Registry()

    class Attendee(models.Model):
        full_name = models.CharField(max_length=100)
        email = models.EmailField()
        title = models.CharField(max_length=100)

        class Meta:
            app_label = "privacy"
            managed = False

        def __str__(self) -> str:
            return self.title

    assert own.uncovered_fields(Attendee) == ["full_name", "email"]
    own.register(PersonalData(model=Attendee, fields=("email",), purpose="test"))
    assert own.uncovered_fields(Attendee) == ["full_name"]
    own.exempt(Attendee, ["full_name"], reason="test fixture without people")
    assert own.uncovered_fields(Attendee) == []
    apps.all_models["privacy"].pop("attendee", None)


def test_every_text_field_of_every_model_is_registered_exempt_or_content():
    """Whatever its name, every text, JSON, file or address field of every model is either
    registered as personal, exempt with a reason, bilingual staff content, a code (choices), a
    slug or a key: a free-text field added without a decision fails here."""
    missing = {}
    for model in apps.get_models():
        uncovered = uncovered_text_fields(registry, model)
        if uncovered:
            missing[model._meta.label] = uncovered
    lines = "\n".join(f"  {label}: {', '.join(fields)}" for label, fields in missing.items())
    assert not missing, (
        f"Text fields nobody has classified:\n{lines}\n{HOW_TO}\n"
        "A field that holds no one's information goes in coplan/privacy/exemptions.py."
    )


def test_a_free_text_field_with_an_innocent_name_fails_until_classified():
    """The test above is not vacuous: a `story` field (no personal-looking name) is reported
    until registered; codes, slugs and keys are not."""
    own = Registry()

    class Testimony(models.Model):
        story = models.TextField()
        status = models.CharField(max_length=10, choices=[("a", "A")])
        slug = models.SlugField()

        class Meta:
            app_label = "privacy"
            managed = False

        def __str__(self) -> str:
            return self.slug

    assert own.uncovered_fields(Testimony) == []  # nothing looks personal by its name...
    assert uncovered_text_fields(own, Testimony) == ["story"]  # ...yet the text may be
    own.register(PersonalData(model=Testimony, fields=("story",), purpose="test"))
    assert uncovered_text_fields(own, Testimony) == []
    apps.all_models["privacy"].pop("testimony", None)


def test_translated_names_of_organisations_and_phases_are_content():
    organisation = apps.get_model("accounts", "Organisation")
    phase = apps.get_model("processes", "Phase")
    assert {"name", "name_en", "name_fr"} <= translated_content_fields(organisation)
    assert {"name", "name_en", "name_fr"} <= translated_content_fields(phase)
    assert "email" not in translated_content_fields(apps.get_model("accounts", "User"))


def test_every_purpose_is_translated_for_the_french_access_page():
    """The purposes are shown to people on the access page: each has its French version."""
    from django.utils import translation

    from coplan.privacy.registry import registry

    untranslated = []
    for entry in registry.entries():
        with translation.override("en"):
            english = str(entry.purpose)
        with translation.override("fr"):
            french = str(entry.purpose)
        if english == french:
            untranslated.append((entry.label, english))
    assert not untranslated
