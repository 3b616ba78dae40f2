import pytest

from coplan.forum import services


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded documents, evidence and stored PDFs land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def forum(process):
    forum = services.forum_create(
        slug="msf", name_en="The forum", name_fr="Le forum", process=process
    )
    services.forum_update(
        forum=forum,
        terms_of_reference_en="Our remit.",
        terms_of_reference_fr="Notre mandat.",
        participation_rules_en="Our rules.",
        participation_rules_fr="Nos règles.",
    )
    return forum
