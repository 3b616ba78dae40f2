"""Anonymous public pages are cached, dropped on change, and forms keep per-visitor tokens."""

import re

import pytest
from django.test import Client

from coplan.processes.models import Phase

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.django_db
def test_second_anonymous_visit_is_a_cache_hit_and_a_change_drops_it(client, process):
    url = f"/en/processes/{process.slug}/"
    assert "X-Page-Cache" not in client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    Phase.objects.filter(process=process, kind="review").update(name_en="Renamed")  # no signal
    phase = process.phases.get(kind="review")
    phase.name_en = "Public review"
    phase.save()
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "Public review" in response.content.decode()


@pytest.mark.django_db
def test_languages_are_cached_apart(client, process):
    url = f"/{{}}/processes/{process.slug}/"
    client.get(url.format("en"))
    assert process.title_fr in client.get(url.format("fr")).content.decode()


@pytest.mark.django_db
def test_signed_in_participants_get_their_own_cached_copy_and_staff_none(
    client, process, user, moderator
):
    url = f"/en/processes/{process.slug}/"
    client.get(url)
    client.force_login(user)
    first = client.get(url)
    assert "X-Page-Cache" not in first  # signed-in visitors' copy is apart from strangers'
    assert "My account" in first.content.decode()
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and "My account" in second.content.decode()
    client.force_login(moderator)
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


@pytest.mark.django_db
def test_csrf_tokens_on_cached_pages_belong_to_each_visitor(process):
    """A form on a cached page still posts: each visitor gets a token for their own cookie."""
    from django.http import HttpResponse
    from django.template import engines
    from django.test import RequestFactory

    from coplan.core.pagecache import anonymous_page_cache

    template = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')

    @anonymous_page_cache
    def view(request):
        return HttpResponse(template.render({}, request))

    from django.contrib.auth.models import AnonymousUser

    tokens = []
    for _ in range(2):
        request = RequestFactory().get("/en/x/")
        request.user = AnonymousUser()
        response = view(request)
        tokens.append(TOKEN.search(response.content.decode()).group(1))
        assert "__COPLAN_CSRF__" not in response.content.decode()
    assert tokens[0] != tokens[1]
    assert Client  # the real round trip is covered by the forms' own tests


@pytest.mark.django_db(transaction=True)
def test_an_opportunity_opened_by_the_scheduler_drops_cached_pages(client, process):
    """The scheduler's conditional update sends no signal; the cached page still refreshes."""
    import datetime

    from coplan.processes.services import opportunities_sync_status
    from tests.processes.factories import OpportunityFactory

    OpportunityFactory(
        phase=process.phases.first(),
        status="announced",
        title_en="Tell us now",
        opens_at=datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC),
    )
    url = f"/en/processes/{process.slug}/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    opportunities_sync_status()
    response = client.get(url)
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_a_change_in_one_process_drops_the_pages_another_process_cached(
    client, process, monkeypatch, django_capture_on_commit_callbacks
):
    """Without Redis every web process (gunicorn worker) caches pages in its own memory. A
    change made in one must reach the pages the others cached: it replaces the shared version
    file, whose stamp is part of every process's version."""
    from django.core.cache.backends.locmem import LocMemCache

    from coplan.core import pagecache, pageversions

    monkeypatch.setattr(pageversions, "VERSION_MEMO_SECONDS", 0)
    memories = {name: LocMemCache(f"process-{name}", {}) for name in ("a", "b")}

    def in_process(name: str) -> None:
        monkeypatch.setattr(pagecache, "cache", memories[name])
        monkeypatch.setattr(pageversions, "cache", memories[name])

    url = f"/en/processes/{process.slug}/"
    in_process("b")
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    in_process("a")
    phase = process.phases.get(kind="review")
    phase.name_en = "Renamed in process A"
    with django_capture_on_commit_callbacks(execute=True):
        phase.save()
    in_process("b")
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert "Renamed in process A" in response.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_with_a_shared_cache_the_version_file_is_left_alone(settings, tmp_path):
    from coplan.core import pagecache, stamps

    settings.COPLAN_CONTENT_VERSION_FILE = str(tmp_path / "content-version")
    pagecache.bump_content_version()
    assert (tmp_path / "content-version").exists()
    stamp = stamps.file_stamp(tmp_path / "content-version")
    settings.CACHES = {
        "default": {"BACKEND": "coplan.core.cache.ResilientRedisCache", "LOCATION": "redis://x"}
    }
    # (Redis is not running here: the resilient cache serves without it.)
    pagecache.bump_content_version()
    assert stamps.file_stamp(tmp_path / "content-version") == stamp
    assert stamps.shared_stamp_file() is None
