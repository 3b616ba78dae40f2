"""Issue 3 benchmark: idea list, idea with 1,000 comments, and web submissions.

Serves Coplan as the README does (SQLite, DEBUG off, gunicorn with 2 sync workers) with:
- 10,000 published ideas on one call for ideas, and one idea with 1,000 published comments
  (plus replies);
- a second call for ideas with 200 ideas and an idea with 20 comments, the data shape of the
  comparison quoted in the issue.
Measures with wrk (2 threads, 8 connections) the bare view `/healthz` (baseline, same run),
the idea list and the idea page, each as a stranger (no cookie), as a visitor whose session
remembers an idea they sent (pending, shown to them alone) and as a signed-in participant who
supports the idea. Counts the queries of each page with small and
large data. Then sends ideas through the real form (token and CSRF fetched beforehand) from 8
concurrent clients and checks that every acknowledged one is stored exactly once.

The other platform cannot be installed here: its figures are the ones quoted in the issue
(23.6 requests/s for its idea list, about 17/s for an idea with its comments), compared as is.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402
    LUA,
    ROOT,
    TABLE_HEAD,
    VENV_BIN,
    coplan,
    ensure_wrk,
    prepare,
    row,
    served,
    update_readme,
    wrk,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# BENCH_CACHE_URL=redis://127.0.0.1:6379/5 serves with the shared cache of a multi-process
# deployment (docs/deploy.md): pages, fragments and sessions in Redis. Default: each process's
# own memory, as `bin/serve` runs.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "")
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "800"))
CLIENTS = 8
PORT = 18300
OTHER_LIST_RPS = 23.6
OTHER_IDEA_RPS = 17.0

SETUP_SCRIPT = r"""
import datetime, json
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.core.cache import cache
from coplan.accounts import demo as accounts_demo
from coplan.processes import demo as processes_demo
from coplan.processes.models import Opportunity
from coplan.contributions.models import Contribution

accounts_demo.load()
process = processes_demo.load()
phase = process.phases.get(kind="development")
big = Opportunity.objects.get(phase=phase, slug="ideas")
small, _ = Opportunity.objects.get_or_create(
    phase=phase, slug="ideas-200",
    defaults=dict(kind="ideas", status="open", title_en="200 ideas", title_fr="200 idées",
                  description_en="Ideas.", description_fr="Idées."),
)
start = datetime.datetime(2017, 11, 1, tzinfo=datetime.UTC)

def ideas(opportunity, count, prefix):
    Contribution.objects.bulk_create([
        Contribution(process=process, phase=phase, opportunity=opportunity, kind="idea",
                     title=f"{prefix} idea {n}", language="en", consent_to_publish=True,
                     text=f"Publish the open data set number {n} with its dictionary. " * 3,
                     moderation_state="published", support_count=n % 97, comment_count=n % 13,
                     received_at=start + datetime.timedelta(minutes=n))
        for n in range(count)], batch_size=2000)

def comments(idea, count):
    idea_type = ContentType.objects.get_for_model(Contribution)
    common = dict(process=process, phase=phase, opportunity=idea.opportunity,
                  target_type=idea_type, target_id=idea.pk, language="en",
                  consent_to_publish=True, moderation_state="published")
    top = Contribution.objects.bulk_create([
        Contribution(kind="comment", text=f"Comment {n}: I agree, and the data should be "
                     "updated every month.", received_at=start + datetime.timedelta(minutes=n),
                     **common) for n in range(count * 4 // 5)])
    Contribution.objects.bulk_create([
        Contribution(kind="reply", parent=top[n], text=f"Reply {n}: yes.",
                     received_at=start + datetime.timedelta(minutes=n, seconds=30), **common)
        for n in range(count - len(top))])
    Contribution.objects.filter(pk=idea.pk).update(comment_count=count)

def count(url):
    cache.clear()
    client = Client(SERVER_NAME="localhost")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)

result = {}
ideas(big, 20, "Early")
first = Contribution.objects.filter(opportunity=big).order_by("pk").first()
comments(first, 10)
list_url = f"/en/participate/{process.slug}/ideas/ideas/"
idea_url = f"/en/participate/ideas/{first.pk}/"
result["list_queries_small"] = count(list_url)
result["idea_queries_small"] = count(idea_url)
ideas(big, 10_000 - 20, "Bench")
big_idea = Contribution.objects.filter(opportunity=big, title="Bench idea 5").get()
comments(big_idea, 1000)
result["list_queries_large"] = count(list_url + "?page=250&order=supported")
result["idea_queries_large"] = count(f"/en/participate/ideas/{big_idea.pk}/?comments_page=3")
ideas(small, 200, "Compared")
compared = Contribution.objects.filter(opportunity=small, title="Compared idea 7").get()
comments(compared, 20)
result.update(
    list_url=list_url,
    big_idea_url=f"/en/participate/ideas/{big_idea.pk}/",
    small_list_url=f"/en/participate/{process.slug}/ideas-200/ideas/",
    small_idea_url=f"/en/participate/ideas/{compared.pk}/",
    form_url=f"/en/participate/{process.slug}/ideas/ideas/new/",
    published=Contribution.objects.filter(moderation_state="published").count(),
)

# Two real visitors with sessions. One sent an idea still waiting for moderation (shown to them
# alone on the list); the other is a signed-in participant who supports the big idea.
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from coplan.contributions.models import Support
from coplan.contributions.visitor import OWN_SESSION_KEY

store = import_module(settings.SESSION_ENGINE).SessionStore
pending = Contribution.objects.create(
    process=process, phase=phase, opportunity=big, kind="idea", title="My pending idea",
    text="Mine, waiting for moderation.", language="en", consent_to_publish=True,
    moderation_state="pending", received_at=start)
sent = store()
sent[OWN_SESSION_KEY] = [pending.pk]
sent.create()
participant = get_user_model().objects.create_user("bench-participant@example.org", "x" * 20)
signed = store()
signed[SESSION_KEY] = str(participant.pk)
signed[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
signed[HASH_SESSION_KEY] = participant.get_session_auth_hash()
signed.create()
for idea in (big_idea, compared):
    Support.objects.create(contribution=idea, supporter_key=f"user:{participant.pk}",
                           user=participant)
result.update(sent_session=sent.session_key, signed_session=signed.session_key)
print(json.dumps(result))
"""

COUNT_SCRIPT = r"""
import json, django
django.setup()
from django.db.models import Count
from coplan.contributions.models import Contribution
rows = Contribution.objects.filter(title__startswith="Load idea ")
duplicates = rows.values("title").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({"stored": rows.count(), "duplicate_titles": duplicates,
                  "titles": list(rows.values_list("title", flat=True))}))
"""


def wrk_with_cookie(url: str, cookie: str) -> dict:
    """Like bench.common.wrk, every request carrying a cookie (a visitor with a session)."""
    result = subprocess.run(
        [ensure_wrk(), "-t2", "-c8", f"-d{SECONDS}s", "--timeout", "10s", "-H", f"Cookie: {cookie}"]
        + ["-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS + 60,
    )
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(result.stdout + result.stderr)


def python(script: str, env: dict) -> dict:
    output = subprocess.run(
        [str(VENV_BIN / "python"), "-c", script],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


class Visitor:
    """One browser: keeps its cookies on one keep-alive connection."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1{path}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), data.decode()


def submissions(port: int, form_url: str) -> dict:
    """Fetch every form first (not timed), then send them all from CLIENTS threads."""
    per_client = SUBMISSIONS // CLIENTS
    prepared: list[tuple[Visitor, list[bytes], list[str]]] = []
    for client in range(CLIENTS):
        visitor = Visitor(port)
        bodies, titles = [], []
        for number in range(per_client):
            _status, _location, html = visitor.request("GET", form_url)
            token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            title = f"Load idea {client}-{number}"
            titles.append(title)
            bodies.append(
                urllib.parse.urlencode(
                    {
                        "csrfmiddlewaretoken": csrf,
                        "form_token": token,
                        "title": title,
                        "text": f"{title}: publish every contract as open data, every month.",
                        "consent_to_publish": "on",
                    }
                ).encode()
            )
        prepared.append((visitor, bodies, titles))
    acknowledged: list[str] = []
    errors: list[int] = []
    lock = threading.Lock()

    def send(visitor: Visitor, bodies: list[bytes], titles: list[str]) -> None:
        for body, title in zip(bodies, titles, strict=True):
            status, location, _html = visitor.request("POST", form_url, body)
            with lock:
                if status == 302 and location and "/participate/ideas/" in location:
                    acknowledged.append(title)
                else:
                    errors.append(status)

    threads = [threading.Thread(target=send, args=item) for item in prepared]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    return {
        "sent": per_client * CLIENTS,
        "acknowledged": acknowledged,
        "errors": errors,
        "seconds": elapsed,
        "rate": len(acknowledged) / elapsed,
    }


def main() -> None:
    db = ROOT / "var" / "bench" / "listening.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    env = {
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "coplan.settings.dev",
        # The benchmark's clients all come from 127.0.0.1: lift the per-client limits.
        "COPLAN_RATE_PUBLIC_WRITE": "1000000/60",
        "COPLAN_RATE_PUBLIC_WRITE_ACCOUNT": "1000000/60",
    }
    if CACHE_URL:
        env["CACHE_URL"] = CACHE_URL
        subprocess.run(["redis-cli", "-u", CACHE_URL, "flushdb"], check=True, capture_output=True)
    try:
        prepare(env)
    except subprocess.CalledProcessError:
        # Another app's vendored CSS can break the manifest step; these pages do not use it.
        coplan("collectstatic", "--noinput", "--ignore", "swagger-ui*", env=env)
    setup = python(SETUP_SCRIPT, env)
    load_before = os.getloadavg()[0]
    visitors = {
        "sent": f"sessionid={setup['sent_session']}",
        "signed": f"sessionid={setup['signed_session']}",
    }
    with served(env, workers=2, port=PORT) as base:
        for url in (setup["list_url"], setup["big_idea_url"]):
            wrk(base + url, seconds=2)  # warm up both workers
        results = {"bare": wrk(f"{base}/healthz", seconds=SECONDS)}
        for key in ("list_url", "big_idea_url", "small_list_url", "small_idea_url"):
            results[key] = wrk(base + setup[key], seconds=SECONDS)
            for visitor, cookie in visitors.items():
                results[f"{key}_{visitor}"] = wrk_with_cookie(base + setup[key], cookie)
        load = submissions(PORT, setup["form_url"])
    load_after = os.getloadavg()[0]
    stored = python(COUNT_SCRIPT, env)
    lost = sorted(set(load["acknowledged"]) - set(stored["titles"]))

    bare = results["bare"]["rps"]

    def ratio(key: str) -> str:
        return f"{results[key]['rps'] / bare:.0%}"

    def times(key: str, other: float) -> str:
        return f"{results[key]['rps'] / other:.1f}×"

    pages = (
        ("list_url", "idea list, 10,000 ideas"),
        ("big_idea_url", "idea with 1,000 comments"),
        ("small_list_url", "idea list, 200 ideas"),
        ("small_idea_url", "idea with 20 comments"),
    )
    kinds = (
        ("", "stranger"),
        ("_sent", "sent an idea (pending, shown to them)"),
        ("_signed", "signed-in participant (supports the idea)"),
    )
    table = "\n".join(
        row(f"{label}, {kind_label}", results[key + kind])
        for key, label in pages
        for kind, kind_label in kinds
    )

    def ratios(key: str) -> str:
        return ", ".join(
            f"{ratio(key + kind)} {kind_label.split(' (')[0]}" for kind, kind_label in kinds
        )

    cache_label = (
        "Redis (pages, fragments and sessions shared by the processes)"
        if CACHE_URL
        else "each process's own memory (as `bin/serve`)"
    )
    body = f"""
Server: `coplan serve` (gunicorn, 2 sync workers, DEBUG off), SQLite, cache: {cache_label}. Data:
{setup["published"]:,} published contributions: 10,000 ideas on one call for ideas, one idea
with 1,000 comments and replies, a second call with 200 ideas and an idea with 20 comments.
Load average of the machine when the run started and ended: {load_before:.1f} and
{load_after:.1f} (2 cores). Load: wrk, 2 threads, 8 connections, {SECONDS} s per URL,
loopback. Baseline: `/healthz`, a bare Django view through the same middleware, same run.

Three kinds of visitor: a stranger (no cookie); a visitor whose session remembers an idea they
sent, still waiting for moderation (the list shows it to them alone); a signed-in participant
who supports the idea shown. Every kind is served from the page cache
(`coplan.core.pagecache.page_cache`) with what is theirs alone (their pending ideas, their
support) rendered into the cached page per request and kept per visitor until the content or
their session changes: a visitor with a session costs one query for the session (none with
Redis, where sessions are read from the cache) and a signed-in participant one more for the
account. Staff are never served from the cache.

{TABLE_HEAD}
{row("bare view `/healthz` (baseline)", results["bare"])}
{table}

Against the bare view (target ≥ 50%): idea list {ratios("list_url")}; idea with 1,000 comments
{ratios("big_idea_url")}.

Queries (target: constant): idea list {setup["list_queries_small"]} with 20 ideas,
{setup["list_queries_large"]} with 10,000 (page 250, most supported); idea page
{setup["idea_queries_small"]} with 10 comments, {setup["idea_queries_large"]} with 1,000
(comments page 3). These are counted on a rendering, not a cache hit.

Submissions through the form (8 concurrent clients, forms fetched beforehand, SQLite):
{len(load["acknowledged"])} of {load["sent"]} acknowledged in {load["seconds"]:.1f} s =
**{load["rate"]:.0f}/s** (target ≥ 100/s); other answers: {len(load["errors"])}; stored
{stored["stored"]}, duplicates {stored["duplicate_titles"]}, acknowledged but missing
{len(lost)} (target 0).

Comparison with the leading Django participation platform: it could not be installed on this
machine, so its figures are those quoted in the issue (same machine shape: 2 gunicorn sync
workers, SQLite, DEBUG off, wrk with 8 connections): its idea list (15 per page, 200 ideas)
{OTHER_LIST_RPS} requests/s; an idea with its comments (two requests) about {OTHER_IDEA_RPS}/s.
Coplan's list of 200 ideas (20 per page): {times("small_list_url", OTHER_LIST_RPS)} as a
stranger, {times("small_list_url_signed", OTHER_LIST_RPS)} signed in; its idea with 20
comments (one request): {times("small_idea_url", OTHER_IDEA_RPS)} as a stranger,
{times("small_idea_url_signed", OTHER_IDEA_RPS)} signed in (target ≥ 5×).
"""
    if CACHE_URL:
        update_readme(
            "issue3-redis", "Issue 3 – Listening: the same with Redis as the shared cache", body
        )
    else:
        update_readme("issue3", "Issue 3 – Listening: ideas, comments, submissions", body)
    print(body)
    missed = (
        any(
            results[key + kind]["rps"] / bare < 0.5
            for key in ("list_url", "big_idea_url")
            for kind in ("", "_sent", "_signed")
        )
        or setup["list_queries_small"] != setup["list_queries_large"]
        or setup["idea_queries_small"] != setup["idea_queries_large"]
        or load["rate"] < 100
        or lost
        or stored["duplicate_titles"]
        or results["small_list_url_signed"]["rps"] < 5 * OTHER_LIST_RPS
        or results["small_idea_url_signed"]["rps"] < 5 * OTHER_IDEA_RPS
    )
    if missed:
        sys.exit("a target was missed (see above)")


if __name__ == "__main__":
    main()
