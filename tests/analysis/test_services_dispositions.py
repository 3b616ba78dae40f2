"""The dispositions analysts choose from: saved in both languages, and deleted only when no
contribution has been given one."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.analysis import services
from coplan.analysis.models import ContributionAssessment, Disposition
from coplan.core.pageversions import content_version
from tests.analysis.conftest import corpus_rows, make_contributions

pytestmark = pytest.mark.django_db

NEW = {"code": "partly", "name_en": "Partly included", "name_fr": "Intégré en partie"}


def test_a_new_disposition_is_saved_and_pages_that_name_it_change():
    before = content_version()
    saved = services.disposition_save(data=NEW)
    assert Disposition.objects.get(code="partly").pk == saved.pk
    with translation.override("fr"):
        assert str(saved) == "Intégré en partie"
    assert content_version() != before


def test_a_change_is_checked_before_it_is_stored():
    saved = services.disposition_save(data=NEW)
    with pytest.raises(ValidationError) as refused:
        services.disposition_save(data={"code": "not a slug!"}, disposition=saved)
    assert "code" in refused.value.message_dict
    assert Disposition.objects.get(pk=saved.pk).code == "partly"
    stored = Disposition.objects.get(pk=saved.pk)
    services.disposition_save(data={"position": 9}, disposition=stored)
    assert Disposition.objects.get(pk=saved.pk).position == 9


def test_a_disposition_in_use_is_refused_deletion_in_both_languages(process):
    disposition = services.disposition_save(data=NEW)
    (contribution,) = make_contributions(process, corpus_rows()[:1])
    ContributionAssessment.objects.create(contribution=contribution, disposition=disposition)
    for language, words in (("en", "cannot be deleted"), ("fr", "supprim")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            services.disposition_delete(disposition=disposition)
        assert words in refused.value.messages[0]
    ContributionAssessment.objects.all().delete()
    services.disposition_delete(disposition=disposition)
    assert not Disposition.objects.filter(code="partly").exists()
