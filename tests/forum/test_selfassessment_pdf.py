"""The self-assessment PDF fetches like every other PDF (coplan.core.pdf.no_fetching): data:
URLs written into the document are drawn (the Government of Canada marks), nothing else is read,
neither files nor the network."""

from __future__ import annotations

import base64
import io

from PIL import Image

from coplan.forum.selfassessment import _layout


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _pdf(src: str) -> bytes:
    html = (
        '<html lang="en"><head><title>Self-assessment</title></head>'
        f'<body><img src="{src}" alt="A mark"></body></html>'
    )
    return _layout(html, "0" * 40)


def test_a_data_url_is_drawn():
    """The old fetcher refused every URL, data: ones included: the marks went missing."""
    data = "data:image/png;base64," + base64.b64encode(_png()).decode()
    assert b"/Image" in _pdf(data)


def test_a_file_is_never_read(tmp_path):
    image = tmp_path / "secret.png"
    image.write_bytes(_png())
    assert b"/Image" not in _pdf(image.as_uri())
