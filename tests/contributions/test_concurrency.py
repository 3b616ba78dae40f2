"""Nothing lost: many people submitting at once, each acknowledged idea stored exactly once.

Real HTTP against the live server (a threaded server: one database connection per request
thread), real concurrency from a pool of clients, each with its own cookies, each also
replaying its form once as a double-click would.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import override_settings

from coplan.contributions.models import Contribution

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CLIENTS = 16
SUBMISSIONS = 160


@pytest.fixture(autouse=True)
def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: on SQLite the test database lives in memory and the live "
            "server's threads share its one connection, so writes cannot be concurrent "
            "(CI runs this on PostgreSQL)"
        )


def submit(base_url: str, form_url: str, number: int) -> tuple[int, list[str]]:
    """One person: open the form, send it, send it again (double click). Returns the number
    and the addresses each acknowledged send led to."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base_url + form_url, timeout=30).read().decode()
    token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "form_token": token,
            "title": f"Concurrent idea {number}",
            "text": f"Idea number {number}: publish the data sets of every department.",
            "consent_to_publish": "on",
        }
    ).encode()
    acknowledged = []
    for _attempt in range(2):
        request = urllib.request.Request(
            base_url + form_url, data=body, headers={"Referer": base_url + form_url}
        )
        response = opener.open(request, timeout=30)
        final = response.geturl()
        page = response.read().decode()
        if re.search(r"/participate/ideas/\d+/$", final) and "waiting for moderation" in page:
            acknowledged.append(final)
    return number, acknowledged


def test_concurrent_submissions_are_each_stored_exactly_once(live_server, open_ideas):
    process = open_ideas.phase.process
    form_url = f"/en/participate/{process.slug}/{open_ideas.slug}/ideas/new/"
    unlimited = {
        "public_write": "100000/60",
        "public_write_account": "100000/60",
        "sign_in": "10/300",
    }
    with override_settings(COPLAN_RATE_LIMITS=unlimited):
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(
                pool.map(lambda n: submit(live_server.url, form_url, n), range(SUBMISSIONS))
            )
    acknowledged = {number: urls for number, urls in results if urls}
    assert len(acknowledged) == SUBMISSIONS
    for number, urls in acknowledged.items():
        # The replay leads to the same stored idea.
        assert len(set(urls)) == 1, (number, urls)
    stored = list(Contribution.objects.values_list("title", "pk"))
    titles = [title for title, _pk in stored]
    assert len(titles) == len(set(titles)) == SUBMISSIONS
    for number, urls in acknowledged.items():
        pk = int(re.search(r"/ideas/(\d+)/$", urls[0]).group(1))
        assert (f"Concurrent idea {number}", pk) in stored
