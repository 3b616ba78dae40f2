"""The plan's background job (plans.tasks): after publication, the version's PDF laid out in
each language and stored, ready to download; run again, it keeps what is stored."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from coplan.plans.tasks import plan_version_render_pdfs
from tests.plans.factories import published_review

pytestmark = pytest.mark.django_db


def test_the_pdfs_of_a_published_version_are_stored_in_both_languages(process):
    version = published_review(process)
    names = plan_version_render_pdfs.call(version.pk)
    assert len(names) == 2 and names[0] != names[1]
    stored = {}
    for name in names:
        with default_storage.open(name, "rb") as handle:
            stored[name] = handle.read()
        assert stored[name].startswith(b"%PDF")
    assert plan_version_render_pdfs.call(version.pk) == names
    for name in names:
        with default_storage.open(name, "rb") as handle:
            assert handle.read() == stored[name]
