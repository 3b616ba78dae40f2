"""Freezing a version into its canonical text and fingerprint (plans.snapshot)."""

import hashlib

import pytest

from coplan.plans.snapshot import canonical_bytes, frozen_snapshot
from tests.plans.factories import published_review

pytestmark = pytest.mark.django_db


def test_fingerprint_is_the_sha256_of_the_canonical_text(process):
    version = published_review(process)
    data = canonical_bytes(version.title_en, version.title_fr, frozen_snapshot(version))
    assert hashlib.sha256(data).hexdigest() == version.fingerprint
    assert len(version.fingerprint) == 64
