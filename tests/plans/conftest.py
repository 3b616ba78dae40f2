import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """PDFs are stored under a temporary media root."""
    settings.MEDIA_ROOT = tmp_path / "media"
