"""What changed since the draft: added, removed, reworded paragraphs, section by section."""

import pytest

from coplan.plans import services
from coplan.plans.diff import Change
from coplan.plans.selectors import version_changes
from tests.plans.factories import published_final, published_review

pytestmark = pytest.mark.django_db


def _set(version, key, body_en, body_fr, heading=("Open data", "Données ouvertes")):
    services.plan_section_update(
        section=version.sections.get(key=key),
        kind="narrative",
        heading_en=heading[0],
        heading_fr=heading[1],
        body_en=body_en,
        body_fr=body_fr,
    )


def test_added_removed_reworded_and_unchanged(process):
    review = published_review(
        process,
        sections=[
            ("Intro", "Intro", "Same.\n\nTo be removed entirely now.", "Pareil.\n\nÀ retirer."),
            ("Data", "Données", "Publish more data sets.", "Publier plus de jeux de données."),
            ("Gone", "Parti", "Old section.", "Ancienne section."),
        ],
    )

    def edit(version):
        _set(version, "intro", "Same.", "Pareil.", heading=("Intro", "Intro"))
        _set(
            version,
            "data",
            "Publish many more data sets.\n\nA brand new idea.",
            "Publier beaucoup plus de jeux de données.\n\nUne toute nouvelle idée.",
            heading=("Data", "Données"),
        )
        services.plan_section_delete(section=version.sections.get(key="gone"))
        services.plan_section_add(
            version=version,
            kind="narrative",
            heading_en="New",
            heading_fr="Nouveau",
            body_en="Fresh.",
            body_fr="Neuf.",
        )

    final = published_final(review, edit=edit)
    changes, _draft = version_changes(final)
    by_key = {section.key: section for section in changes}
    assert [c.kind for c in by_key["intro"].changes] == [Change.UNCHANGED, Change.REMOVED]
    assert [c.kind for c in by_key["data"].changes] == [Change.REWORDED, Change.ADDED]
    assert by_key["data"].changes[0].old.text_en == "Publish more data sets."
    assert by_key["gone"].kind == Change.REMOVED
    assert by_key["new"].kind == Change.ADDED
    # Removed sections stay where they were: after "data", before "new".
    assert [s.key for s in changes] == ["intro", "data", "gone", "new"]


def test_no_change_when_the_text_is_the_same(process):
    review = published_review(process)
    final = published_final(review)
    changes, _draft = version_changes(final)
    assert all(section.kind == Change.UNCHANGED for section in changes)
