"""Render speed: Coplan against a minimal Django app, cached, fully uncached and while busy.

One run, one machine, one server setting (gunicorn, 2 workers of 4 threads, DEBUG off, SQLite,
the default per-process memory cache, as `coplan serve`), wrk with 2 threads and 8 connections:

1. the baseline: bench/minimal (one view, Django's default middleware minus the database ones,
   no database), served by the same gunicorn settings;
2. Coplan's `/healthz` (the request path alone) and its cached public pages (process page, idea
   list, idea with the most comments), anonymous and signed in as a participant;
3. the full render, every cache off (bench/render_speed_settings.py: Django's dummy cache, the
   page cache off): served, and in-process (CPU ms and queries per page, median of the runs)
   with the demo and with ten times the demo (200 more ideas, 1,000 more comments on the idea,
   20 more opportunities in every phase);
4. reads while busy: the cached pages loaded again while, in the background, moderators approve
   10 contributions a second (the moderation service, in a process of its own), visitors
   support 20 ideas a second and send 50 ideas a second (through the site's forms; the demo's
   call is switched to the "open" voice rule, so that a support counts at once).

Writes the ratios against the minimal app into bench/README.md (section "render-speed") and
exits with status 1 when a target of issue 21 is missed. Run:
`flock /tmp/coplan-bench.lock .venv/bin/python bench/render_speed.py` (BENCH_SECONDS per URL,
10 by default).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (  # noqa: E402
    README,
    ROOT,
    VENV_BIN,
    child_json,
    coplan,
    free_port,
    prepare,
    served,
    update_readme,
    wrk,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CPU_RUNS = int(os.environ.get("BENCH_CPU_RUNS", "15"))
DATA = ROOT / "var" / "bench"
ENV = {"DJANGO_SETTINGS_MODULE": "coplan.settings.dev", "PYTHONPATH": str(ROOT)}
UNCACHED = "bench.render_speed_settings"
# Rates of the busy mix (per second), from the issue.
APPROVALS, SUPPORTS, SUBMISSIONS = 10, 20, 50
# Targets (issue 21), as fractions of the minimal app's requests/s unless said otherwise.
HEALTHZ_TARGET = 0.85
CACHED_TARGET = 0.60
SIGNED_IN_TARGET = 0.50
UNCACHED_PROCESS_TARGET = 0.045
RENDER_CPU_MS = 15.0
RENDER_QUERIES = 15
BUSY_TARGET = 0.50
CACHED_PAGES = ("process", "idea_list", "idea")
LABELS = {
    "process": "process page",
    "idea_list": "idea list",
    "idea": "idea with the most comments",
    "commitment": "commitment page (most milestones)",
    "plan": "plan",
    "heard": "What We Heard report",
    "results": "questionnaire results",
}

PAGES_SCRIPT = r"""
import django, json
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from coplan.analysis.models import Report
from coplan.commitments.models import Commitment
from coplan.contributions.models import Contribution
from coplan.plans.models import Plan
from coplan.processes.models import Opportunity
from coplan.surveys.models import Questionnaire

published = Q(contributions__kind="idea", contributions__moderation_state="published")
opportunity = (
    Opportunity.objects.filter(kind="ideas", status="open")
    .annotate(n=Count("contributions", filter=published))
    .order_by("-n", "pk")
    .select_related("phase__process")
    .first()
)
process = opportunity.phase.process
# The demo's call counts a support once its email address is confirmed; the busy mix needs
# supports that count at once (the "open" rule: once per browser session).
Opportunity.objects.filter(pk=opportunity.pk).update(voice_rule="open")
ideas = Contribution.objects.filter(
    opportunity=opportunity, kind="idea", moderation_state="published"
)
idea = ideas.order_by("-comment_count", "pk").first()
with translation.override("en"):
    urls = {
        "process": reverse("processes:detail", args=[process.slug]),
        "idea_list": reverse("contributions:idea_list", args=[process.slug, opportunity.slug]),
        "idea": reverse("contributions:idea_detail", args=[idea.pk]),
        # The plan, its commitments and the report may belong to an earlier process than the
        # open call's (the demo's complete 4th plan beside its current 5th).
        "commitment": Commitment.objects.annotate(n=Count("milestones"))
        .order_by("-n", "pk")
        .first()
        .get_absolute_url(),
        "plan": reverse(
            "plans:overview",
            args=[Plan.objects.select_related("process").order_by("pk").first().process.slug],
        ),
        "heard": reverse(
            "analysis:report",
            args=[Report.objects.filter(status="published").order_by("pk").first().pk],
        ),
        "results": reverse(
            "surveys:results", args=[Questionnaire.objects.order_by("pk").first().pk]
        ),
    }
users = get_user_model().objects.filter(is_active=True, is_staff=False, is_superuser=False)
user = users.filter(email="participant@example.org").first() or users.order_by("pk").first()
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(json.dumps({
    "urls": urls,
    "session": session.session_key,
    "idea_pks": list(ideas.order_by("pk").values_list("pk", flat=True)[:100]),
    "new_idea": urls["idea_list"] + "new/",
    "comments": idea.comment_count,
    "ideas": ideas.count(),
}))
"""

GROW_SCRIPT = r"""
import django, json, sys
django.setup()
from django.contrib.contenttypes.models import ContentType
from coplan.contributions.models import Contribution
from coplan.processes.models import Opportunity

urls = json.loads(sys.argv[1])
idea = Contribution.objects.select_related("opportunity__phase__process").get(
    pk=int(urls["idea"].rstrip("/").rsplit("/", 1)[1])
)
opportunity = idea.opportunity
process = opportunity.phase.process
published = {
    "process": process,
    "phase": opportunity.phase,
    "opportunity": opportunity,
    "consent_to_publish": True,
    "moderation_state": "published",
    "language": "en",
}
Contribution.objects.bulk_create(
    Contribution(kind="idea", title=f"Idea {n}", text=f"More open data, {n}.", **published)
    for n in range(200)
)
Contribution.objects.bulk_create(
    Contribution(
        kind="comment",
        target_type=ContentType.objects.get_for_model(Contribution),
        target_id=idea.pk,
        text=f"Comment {n}.",
        **published,
    )
    for n in range(1000)
)
Contribution.objects.filter(pk=idea.pk).update(comment_count=idea.comment_count + 1000)
for phase in process.phases.all():
    Opportunity.objects.bulk_create(
        Opportunity(
            phase=phase, slug=f"bench-{phase.pk}-{n}", kind="ideas", title_en="t",
            title_fr="t", description_en="d", description_fr="d",
        )
        for n in range(20)
    )
print(json.dumps({"ideas": 200, "comments": 1000}))
"""

CPU_SCRIPT = r"""
import django, json, statistics, sys, time
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

urls, runs = json.loads(sys.argv[1]), int(sys.argv[2])
client = Client(SERVER_NAME="localhost")
found = {}
for name, url in urls.items():
    for _ in range(2):  # per-process state: content types, translations, templates
        assert client.get(url).status_code == 200, url
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        client.get(url)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    found[name] = {
        "cpu_ms": statistics.median(cpu),
        "wall_ms": statistics.median(wall),
        "queries": len(queries),
    }
print(json.dumps(found))
"""

# Approves pending contributions, oldest first, at the given rate, through the moderation
# service (what the moderation page calls), for the given seconds.
APPROVE_SCRIPT = r"""
import django, json, sys, time
django.setup()
from django.contrib.auth import get_user_model
from coplan.contributions.models import Contribution
from coplan.moderation.services import contributions_moderate

rate, seconds = float(sys.argv[1]), float(sys.argv[2])
moderator = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
approved, idle, errors = 0, 0, 0
start = time.monotonic()
for n in range(int(rate * seconds)):
    pause = start + n / rate - time.monotonic()
    if pause > 0:
        time.sleep(pause)
    if time.monotonic() - start >= seconds:
        break  # still late at the end: the rate is what was done within the time
    pk = (
        Contribution.objects.filter(moderation_state="pending", kind="idea")
        .order_by("pk").values_list("pk", flat=True).first()
    )
    if pk is None:
        idle += 1
        continue
    try:
        contributions_moderate(contribution_ids=[pk], action="approve", moderator=moderator)
        approved += 1
    except Exception:
        errors += 1
print(json.dumps({"approved": approved, "idle": idle, "errors": errors, "seconds": seconds}))
"""


@contextlib.contextmanager
def served_minimal(workers: int = 2) -> Iterator[str]:
    """bench/minimal under gunicorn with the arguments `coplan serve` gives it."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "python"),
            "-m",
            "gunicorn",
            "bench.minimal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--access-logformat",
            '"%(m)s %(U)s" %(s)s %(B)s %(M)sms',
            "--logger-class",
            "coplan.core.webserver.PrivateLogger",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "bench.minimal.settings",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the minimal app did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextlib.contextmanager
def coplan_served(env: dict) -> Iterator[str]:
    """`coplan serve` as bench.common serves it; started again once if it did not answer
    within its 90 s (a loaded shared machine)."""
    try:
        context = served(env)
        base = context.__enter__()
    except RuntimeError:
        context = served(env)
        base = context.__enter__()
    try:
        yield base
    finally:
        context.__exit__(None, None, None)


def load(url: str, **kwargs) -> dict:
    return wrk(url, seconds=SECONDS, connections=8, threads=2, **kwargs)


class Visitor:
    """A browser without JavaScript: one connection, its own cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return 0, ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data.decode(errors="replace")

    def close(self) -> None:
        self.connection.close()


def _field(name: str, html: str) -> str | None:
    found = re.search(rf'name="{name}" value="([^"]+)"', html)
    return found.group(1) if found else None


def paced(rate: float, seconds: float, workers: int, job: Callable[[int], str]) -> dict:
    """Run job(n) for n = 0, 1, ... at `rate` per second (each at its slot, by `workers`
    threads, late ones at once) until `seconds` have passed; count what each returned. Jobs
    still late at the end are not started: the rate is what the site took within the time."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    numbers = itertools.count()
    start = time.monotonic()
    deadline = start + seconds

    def worker() -> None:
        while True:
            with lock:
                n = next(numbers)
            slot = start + n / rate
            if slot >= deadline or time.monotonic() >= deadline:
                return
            pause = slot - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            outcome = job(n)
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.monotonic() - start
    return {
        "outcomes": dict(outcomes),
        "rate": outcomes.get("ok", 0) / seconds,
        "seconds": elapsed,
    }


def support_job(port: int, idea_pks: list[int]) -> Callable[[int], str]:
    def job(n: int) -> str:
        visitor = Visitor(port)  # a new visitor each time: one support per person and idea
        try:
            pk = idea_pks[n % len(idea_pks)]
            status, html = visitor.request("GET", f"/en/participate/ideas/{pk}/")
            token = _field("csrfmiddlewaretoken", html)
            if status != 200 or token is None:
                return f"page {status}"
            status, _html = visitor.request(
                "POST", f"/en/participate/ideas/{pk}/support/", {"csrfmiddlewaretoken": token}
            )
            return "ok" if status == 302 else f"support {status}"
        finally:
            visitor.close()

    return job


def submission_job(port: int, form_url: str) -> Callable[[int], str]:
    def job(n: int) -> str:
        visitor = Visitor(port)
        try:
            status, html = visitor.request("GET", form_url)
            token, form_token = _field("csrfmiddlewaretoken", html), _field("form_token", html)
            if status != 200 or token is None or form_token is None:
                return f"form {status}"
            title = f"Busy idea {n}"
            status, _html = visitor.request(
                "POST",
                form_url,
                {
                    "csrfmiddlewaretoken": token,
                    "form_token": form_token,
                    "title": title,
                    "text": f"{title}: publish every contract as open data.",
                    "consent_to_publish": "on",
                },
            )
            return "ok" if status == 302 else f"submit {status}"
        finally:
            visitor.close()

    return job


def busy_reads(base: str, env: dict, pages: dict) -> dict:
    """wrk on the cached pages while approvals, supports and submissions run."""
    port = int(base.rsplit(":", 1)[1])
    span = SECONDS * len(CACHED_PAGES) + 4
    approver = subprocess.Popen(
        [str(VENV_BIN / "python"), "-c", APPROVE_SCRIPT, str(APPROVALS), str(span)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    results: dict = {}
    writers = [
        ("supports", SUPPORTS, 6, support_job(port, pages["idea_pks"])),
        ("submissions", SUBMISSIONS, 12, submission_job(port, pages["new_idea"])),
    ]
    threads = [
        threading.Thread(
            target=lambda name=name, rate=rate, workers=workers, job=job: results.__setitem__(
                name, paced(rate, span, workers, job)
            ),
            daemon=True,
        )
        for name, rate, workers, job in writers
    ]
    for thread in threads:
        thread.start()
    time.sleep(2)  # the writers under way
    reads = {name: load(base + pages["urls"][name]) for name in CACHED_PAGES}
    for thread in threads:
        thread.join(timeout=span + 180)
    out, err = approver.communicate(timeout=span + 180)
    if approver.returncode:
        sys.exit(err[-4000:])
    approvals = json.loads(out.strip().splitlines()[-1])
    approvals["rate"] = approvals["approved"] / approvals["seconds"]
    results["approvals"] = approvals
    results["reads"] = reads
    return results


def prime(base: str, paths: list[str], headers: dict | None = None) -> None:
    for path in paths:
        for _ in range(2):
            request = urllib.request.Request(base + path, headers=headers or {})
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def in_process(urls: dict, env: dict, grown_env: dict) -> dict:
    """Full renders in-process (every cache off), with the demo and with ten times the demo."""
    uncached = {"DJANGO_SETTINGS_MODULE": UNCACHED}
    return {
        "demo": child_json(CPU_SCRIPT, json.dumps(urls), str(CPU_RUNS), env={**env, **uncached}),
        "10x": child_json(
            CPU_SCRIPT, json.dumps(urls), str(CPU_RUNS), env={**grown_env, **uncached}
        ),
    }


def render_table(render: dict) -> tuple[list[str], list[tuple[str, bool]]]:
    """The in-process table's rows and its verdicts."""
    verdicts: list[tuple[str, bool]] = []
    rows = [
        "| page | CPU ms, demo | queries, demo | CPU ms, 10× | queries, 10× | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, label in LABELS.items():
        demo, grown = render["demo"][name], render["10x"][name]
        cpu_met = max(demo["cpu_ms"], grown["cpu_ms"]) <= RENDER_CPU_MS
        queries_met = max(demo["queries"], grown["queries"]) <= RENDER_QUERIES
        constant = demo["queries"] == grown["queries"]
        verdicts.append(
            (
                f"full render of the {label}: {demo['cpu_ms']:.1f} / {grown['cpu_ms']:.1f} ms CPU "
                f"(target ≤ {RENDER_CPU_MS:.0f})",
                cpu_met,
            )
        )
        verdicts.append(
            (
                f"full render of the {label}: {demo['queries']} / {grown['queries']} queries "
                f"(target ≤ {RENDER_QUERIES}, constant)",
                queries_met and constant,
            )
        )
        rows.append(
            f"| {label} | {demo['cpu_ms']:.1f} | {demo['queries']} | {grown['cpu_ms']:.1f} | "
            f"{grown['queries']} | CPU {'met' if cpu_met else '**missed**'}, queries "
            f"{'met' if queries_met and constant else '**missed**'} |"
        )
    return rows, verdicts


def update_in_process(render: dict, load: str) -> int:
    """--in-process-only: replace the in-process table and its verdicts in the README's
    section, leaving the served figures of the last full run as they are."""
    rows, verdicts = render_table(render)
    text = README.read_text()
    begin, end = "<!-- begin:render-speed -->", "<!-- end:render-speed -->"
    head, rest = text.split(begin, 1)
    section, tail = rest.split(end, 1)
    old_rows = re.search(r"\| page \| CPU ms, demo .*?\n(?=\n)", section, re.S)
    if old_rows is None:
        sys.exit("bench/README.md has no in-process table: run the whole bench once")
    section = section.replace(old_rows.group(0), "\n".join(rows) + "\n")
    kept = [line for line in section.splitlines() if not line.startswith("- full render of ")]
    new_lines = [f"- {text}: {'met' if met else '**missed**'}" for text, met in verdicts]
    at = next(
        (i for i, line in enumerate(kept) if line.startswith("- ") and "while busy" in line),
        len(kept),
    )
    section = "\n".join(kept[:at] + new_lines + kept[at:]) + "\n"
    marks = re.findall(r"^- .*: (met|\*\*missed\*\*)$", section, re.M)
    section = re.sub(
        r"^\d+ of \d+ targets met in this run\.$",
        f"{marks.count('met')} of {len(marks)} targets met in this run.",
        section,
        flags=re.M,
    )
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    section = re.sub(
        r"(### Full render in-process\n)",
        rf"\1\n_In-process figures measured again on {today} (--in-process-only), load "
        rf"average {load} on the shared cores._\n",
        re.sub(r"\n_In-process figures measured again on [^_]*_\n", "", section),
    )
    README.write_text(head + begin + section + end + tail)
    print("\n".join(rows))
    return 1 if any(not met for _text, met in verdicts) else 0


def main(in_process_only: bool = False) -> int:
    DATA.mkdir(parents=True, exist_ok=True)
    database = DATA / "render-speed.sqlite3"
    grown = DATA / "render-speed-10x.sqlite3"
    for path in (database, grown):
        path.unlink(missing_ok=True)
    env = {**ENV, "DATABASE_URL": f"sqlite:///{database}"}
    prepare(env)
    coplan("demo", env=env)
    pages = child_json(PAGES_SCRIPT, env=env)
    urls = pages["urls"]
    shutil.copy(database, grown)
    grown_env = {**ENV, "DATABASE_URL": f"sqlite:///{grown}"}
    child_json(GROW_SCRIPT, json.dumps(urls), env=grown_env)
    loads = {"start": load_average()}
    render = in_process(urls, env, grown_env)
    if in_process_only:
        return update_in_process(render, loads["start"])

    served_env = {
        **env,
        "COPLAN_RATE_PUBLIC_WRITE": "1000000/60",
        "COPLAN_RATE_PUBLIC_WRITE_ACCOUNT": "1000000/60",
    }
    signed_in = {"Cookie": f"sessionid={pages['session']}"}
    results: dict = {}
    with served_minimal() as base:
        results["minimal"] = load(base + "/")
    with coplan_served(served_env) as base:
        results["healthz"] = load(base + "/healthz")
        cached_paths = [urls[name] for name in CACHED_PAGES]
        prime(base, cached_paths)
        prime(base, cached_paths, signed_in)
        for name in CACHED_PAGES:
            results[f"cached {name}"] = load(base + urls[name])
        for name in CACHED_PAGES:
            results[f"signed-in {name}"] = load(base + urls[name], headers=signed_in)
    # Before the busy mix, which adds ideas and supports.
    with coplan_served({**served_env, "DJANGO_SETTINGS_MODULE": UNCACHED}) as base:
        for name, path in urls.items():
            results[f"uncached {name}"] = load(base + path)
    with coplan_served(served_env) as base:
        prime(base, cached_paths)
        loads["before busy"] = load_average()
        busy = busy_reads(base, served_env, pages)
    loads["end"] = load_average()
    return report(results, render, busy, pages, loads)


def report(results: dict, render: dict, busy: dict, pages: dict, loads: dict) -> int:
    minimal = results["minimal"]["rps"]
    verdicts: list[tuple[str, bool]] = []

    def ratio(name: str) -> float:
        return results[name]["rps"] / minimal

    def table_row(label: str, name: str, target: float | None) -> str:
        result = results[name]
        share = ratio(name)
        met = None if target is None else share >= target
        if met is not None:
            verdicts.append((f"{label}: {share:.2f} of the minimal app (target ≥ {target})", met))
        goal = "–" if target is None else f"≥ {target} {'met' if met else '**missed**'}"
        return (
            f"| {label} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} "
            f"| {result['errors']} | {share:.3f} | {goal} |"
        )

    rows = [
        "| URL | requests/s | p50 ms | p95 ms | errors | ratio to minimal | target |",
        "|---|---:|---:|---:|---:|---:|---|",
        table_row("minimal Django app (baseline)", "minimal", None),
        table_row("`/healthz`", "healthz", HEALTHZ_TARGET),
    ]
    for name in CACHED_PAGES:
        rows.append(table_row(f"cached {LABELS[name]}, anonymous", f"cached {name}", CACHED_TARGET))
    for name in CACHED_PAGES:
        rows.append(
            table_row(f"cached {LABELS[name]}, signed in", f"signed-in {name}", SIGNED_IN_TARGET)
        )
    for name in LABELS:
        target = UNCACHED_PROCESS_TARGET if name == "process" else None
        rows.append(table_row(f"every cache off: {LABELS[name]}", f"uncached {name}", target))

    render_rows, render_verdicts = render_table(render)
    verdicts.extend(render_verdicts)

    busy_rows = [
        "| page | quiet cached requests/s | while busy | share | p95 ms while busy | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in CACHED_PAGES:
        quiet, loaded = results[f"cached {name}"], busy["reads"][name]
        share = loaded["rps"] / quiet["rps"]
        met = share >= BUSY_TARGET
        verdicts.append(
            (f"{LABELS[name]} while busy: {share:.2f} of quiet (target ≥ {BUSY_TARGET})", met)
        )
        busy_rows.append(
            f"| {LABELS[name]} | {quiet['rps']:.0f} | {loaded['rps']:.0f} | {share:.2f} | "
            f"{loaded['p95_ms']:.1f} | ≥ {BUSY_TARGET} {'met' if met else '**missed**'} |"
        )
    writes = (
        f"Writes achieved during the reads: approvals {busy['approvals']['rate']:.1f}/s "
        f"(target rate {APPROVALS}/s; {busy['approvals']['idle']} found nothing pending, "
        f"{busy['approvals']['errors']} errors), supports {busy['supports']['rate']:.1f}/s "
        f"(target rate {SUPPORTS}/s; outcomes {busy['supports']['outcomes']}), submissions "
        f"{busy['submissions']['rate']:.1f}/s (target rate {SUBMISSIONS}/s; outcomes "
        f"{busy['submissions']['outcomes']})."
    )
    missed = [text for text, met in verdicts if not met]
    body = f"""
`.venv/bin/python bench/render_speed.py` — gunicorn with 2 workers of 4 threads, DEBUG off,
SQLite, the per-process memory cache (as `coplan serve`); wrk with 2 threads, 8 connections,
{SECONDS} s per URL, loopback. Baseline: bench/minimal, one Django view with Django's default
middleware minus the database ones and no database, under the same gunicorn settings in the same
run. Demo data ({pages["ideas"]} published ideas in the call, the idea shown has
{pages["comments"]} comments).
Load average of the machine (1 min, 5 min, 15 min), 2 cores shared with other engineers' work:
{"; ".join(f"{moment}: {value}" for moment, value in loads.items())}.

### Served

"Every cache off": bench/render_speed_settings.py (Django's dummy cache, `COPLAN_PAGE_CACHE`
off). Signed in: a participant's session cookie.

{chr(10).join(rows)}

### Full render in-process

Every cache off (same settings), Django's test client through every middleware, median of
{CPU_RUNS} renders; CPU time of the process (the SQLite queries included). 10×: 200 more ideas
in the call, 1,000 more comments on the idea, 20 more opportunities in every phase.

{chr(10).join(render_rows)}

### Reads while busy

The three cached pages loaded again (anonymous) while moderators approve {APPROVALS}
contributions a second (the moderation service, from a process of its own: oldest pending idea
first), {SUPPORTS} visitors a second support an idea and {SUBMISSIONS} send an idea through the
site's forms (each a new visitor: the page or form, then the POST).

{chr(10).join(busy_rows)}

{writes}

### Targets

{chr(10).join(f"- {text}: {'met' if met else '**missed**'}" for text, met in verdicts)}

{len(verdicts) - len(missed)} of {len(verdicts)} targets met in this run.
"""
    update_readme("render-speed", "Render speed: minimal app, cached, uncached, busy", body)
    print(body)
    return 1 if missed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--in-process-only",
        action="store_true",
        help="only the in-process full renders (no server, no wrk); rewrites their table",
    )
    sys.exit(main(in_process_only=parser.parse_args().in_process_only))
