"""Discovering topics in contributions and adopting one as a theme."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coplan.analysis import services
from coplan.analysis.models import (
    Coding,
)
from tests.analysis.conftest import corpus_rows, make_contributions


def test_topics_discover_and_adopt(process, themes):
    rows = corpus_rows()[:80]
    make_contributions(process, rows)
    run = services.topics_discover(process=process, seed=3, topics=4)
    again = services.topics_discover(process=process, seed=3, topics=4)
    first = list(run.candidates.values_list("terms_en", "terms_fr", "member_ids"))
    assert first == list(again.candidates.values_list("terms_en", "terms_fr", "member_ids"))
    candidate = run.candidates.first()
    theme = services.topic_adopt(
        candidate=candidate, code="found", name_en="Found", name_fr="Trouvé", parent=None
    )
    assert Coding.objects.filter(theme=theme, confirmed=False).count() == candidate.size
    with pytest.raises(ValidationError):
        services.topic_adopt(candidate=candidate, code="again", name_en="A", name_fr="A")
