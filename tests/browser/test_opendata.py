"""Open data in a real browser: a published data set's page and the API's interactive docs.

Both pages in English and French, axe-clean (WCAG 2.1 AA), with screenshots to look at.
"""

from __future__ import annotations

import pytest

from coplan.opendata import services
from coplan.opendata.models import DataSetStatus, DataSetVersion
from tests.browser.conftest import assert_accessible, screenshot
from tests.opendata.conftest import corpus, media  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(corpus):  # noqa: F811 - the imported fixture
    # transaction=True: on_commit callbacks run at once, so the build task runs here.
    services.dataset_version_request(process=corpus["process"], kind="contributions")
    version = DataSetVersion.objects.get()
    assert version.status == DataSetStatus.PUBLISHED
    return version


@pytest.mark.parametrize("language", ["en", "fr"])
def test_data_set_version_page(page, published, language):
    slug = published.process.slug
    page.goto(f"/{language}/open-data/{slug}/contributions/v1/")
    assert page.locator("html").get_attribute("lang").startswith(language)
    main = page.locator("main")
    # Every file is listed with its checksum, and the bilingual data dictionary is shown.
    for record in published.files.all():
        assert main.get_by_text(record.sha256).count() == 1
    assert main.locator("table").count() >= 1
    assert_accessible(page)
    screenshot(page, f"opendata-version-{language}")
    # The CSV link downloads the published file itself.
    record = published.files.get(resource="contributions", format="csv")
    href = main.locator(f"a[href$='{record.filename}']").first.get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["etag"] == f'"{record.sha256}"'


@pytest.mark.parametrize("language", ["en", "fr"])
def test_api_docs_page_runs_swagger_ui_locally(page, published, language):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"/{language}/open-data/api/")
    # Swagger UI renders the operations from the app's own schema.
    page.locator("#swagger-ui .opblock").first.wait_for()
    assert page.locator("#swagger-ui .opblock").count() >= 8
    origin = page.evaluate("location.origin")
    assert all(url.startswith((origin, "data:")) for url in requested), requested
    assert_accessible(page)
    screenshot(page, f"opendata-api-docs-{language}")
    # Try it out against the real API: published contributions come back.
    block = page.locator("#swagger-ui .opblock-get").filter(has_text="/api/v1/contributions").first
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Execute").click()
    # The live response (not the schema's example, which is there from the start).
    live = block.locator(".live-responses-table")
    live.get_by_text("Please open the budget data.").first.wait_for()
    assert "Please open the budget data." in live.inner_text()
    assert_accessible(page)
    screenshot(page, f"opendata-api-docs-tried-{language}")
