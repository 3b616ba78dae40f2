import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded documents, evidence and stored PDFs land in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
