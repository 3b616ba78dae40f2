"""What the forum's views share: a process without a forum has no forum pages; a stored file is
sent as a download of its declared type, never sniffed."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from coplan.forum.views._common import attachment, forum_or_404

pytestmark = pytest.mark.django_db


def test_a_process_without_a_forum_is_not_found(process, forum):
    from tests.processes.factories import ProcessFactory

    assert forum_or_404(process) == forum
    with pytest.raises(Http404):
        forum_or_404(ProcessFactory())


def test_a_stored_file_is_a_download_of_its_declared_type():
    name = default_storage.save("forum/test/minutes.pdf", ContentFile(b"%PDF-1.7\nminutes"))
    stored = default_storage.open(name)
    stored.close()
    response = attachment(stored, "Minutes.pdf", "pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7\nminutes"
    response.close()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Minutes.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
