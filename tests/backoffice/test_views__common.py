"""The back office's loaders: a process by its slug, or a 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from coplan.backoffice.views._common import process_by_slug

pytestmark = pytest.mark.django_db


def test_a_process_by_its_slug_or_not_found(process):
    assert process_by_slug(process.slug) == process
    with pytest.raises(Http404):
        process_by_slug("no-such-process")
