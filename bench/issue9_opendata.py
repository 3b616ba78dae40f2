"""Issue 9 bench: the contributions CSV of 1,000,000 rows against the database's own CSV dump,
and an API page of 100 contributions with 1,000,000 rows in the table.

    .venv/bin/python bench/issue9_opendata.py [rows]

Targets: CSV build streams with peak memory < 200 MB and takes at most 3x `sqlite3 -csv` of the
same rows (measured in the same run); an API page of 100 contributions in under 50 ms.
SQLite only here (PostgreSQL's `COPY … TO STDOUT` baseline: run with DATABASE_URL=postgres://…,
see BASELINE_POSTGRES below).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, coplan, update_readme  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
COLUMNS_SQL = (
    "id, process_id, phase_id, opportunity_id, channel, target_type_id, target_id, kind, "
    "language, received_at, title, redacted_title, text, redacted_text, support_count, "
    "duplicate_group, page_url"
)

SEED = r"""
import django, sys, datetime, random
django.setup()
from django.db import connection, transaction
from django.utils import timezone
from coplan.accounts import demo as accounts_demo
from coplan.processes import demo as processes_demo
from coplan.processes.models import Process
accounts_demo.load(); processes_demo.load()
process = Process.objects.get(slug=processes_demo.SLUG)
phase = process.phases.get(kind="development")
wanted = int(sys.argv[1])
start = datetime.datetime(2017, 10, 1, tzinfo=datetime.UTC)
words = "open data budget transparency access information government participation".split()
rows = []
def flush():
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO contributions_contribution (process_id, phase_id, channel, kind, title, "
            "text, redacted_text, redacted_title, language, page_url, received_at, external_ref, "
            "provenance, consent_to_publish, moderation_state, province, duplicate_group, "
            "support_count, comment_count, flag_count) VALUES "
            "(%s, %s, 'web', 'idea', %s, %s, '', '', %s, '', %s, '', '{}', %s, %s, '', '', "
            "%s, 0, 0)",
            rows,
        )
    rows.clear()
with transaction.atomic():
    for n in range(wanted):
        text = " ".join(random.choice(words) for _ in range(40))
        rows.append((process.pk, phase.pk, f"Idea {n}", text, "fr" if n % 3 == 0 else "en",
                     (start + datetime.timedelta(seconds=n * 30)).isoformat(),
                     n % 20 != 0, "published" if n % 10 else "pending", n % 50))
        if len(rows) == 20000:
            flush()
    flush()
print(process.pk)
"""

BUILD_CSV = r"""
import csv, django, json, resource, sys, time
django.setup()
from coplan.opendata.columns import CONTRIBUTIONS
from coplan.opendata.rows import contribution_rows
from coplan.opendata.writers import neutralise
from coplan.processes.models import Process
process = Process.objects.get(pk=int(sys.argv[1]))
free = [i for i, c in enumerate(CONTRIBUTIONS.columns) if c.free_text]
started = time.perf_counter()
count = 0
with open(sys.argv[2], "w", encoding="utf-8", newline="") as handle:
    writer = csv.writer(handle)
    writer.writerow(CONTRIBUTIONS.headers)
    for row in contribution_rows(process):
        row = list(row)
        for i in free:
            row[i] = neutralise(row[i])
        writer.writerow(row)
        count += 1
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "rows": count,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

API = r"""
import django, json, statistics, sys, time
django.setup()
from django.conf import settings
settings.COPLAN_RATE_API = "1000000/60"
from django.test import Client
client = Client()
slug = sys.argv[1]
results = {}
for label, url in [
    ("first page", "/api/v1/contributions?limit=100"),
    ("filtered page", f"/api/v1/contributions?process={slug}&language=fr&limit=100"),
    ("deep page (cursor)", "/api/v1/contributions?limit=100&cursor=300000"),
]:
    assert client.get(url).status_code == 200
    times = []
    for _ in range(30):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and len(response.json()["items"]) == 100
    results[label] = {"median_ms": statistics.median(times), "p95_ms": sorted(times)[28]}
print(json.dumps(results))
"""


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    work = Path(tempfile.mkdtemp(prefix="coplan-bench9-"))
    database = work / "bench.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "coplan.settings.dev",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "COPLAN_SITE_URL": "http://127.0.0.1:18900",
    }
    full_env = {**os.environ, **env}
    coplan("migrate", "--noinput", env=env)
    started = time.perf_counter()
    seeded = subprocess.run(
        [PYTHON, "-c", SEED, str(rows)], env=full_env, check=True, capture_output=True, text=True
    )
    process_id = int(seeded.stdout.strip().splitlines()[-1])
    seed_seconds = time.perf_counter() - started
    # Integers from our own seed, no outside input.
    published = (
        f"SELECT {COLUMNS_SQL} FROM contributions_contribution WHERE process_id={process_id} "  # noqa: S608
        "AND moderation_state='published' AND consent_to_publish=1 ORDER BY id"
    )
    baseline_out = work / "baseline.csv"
    started = time.perf_counter()
    with baseline_out.open("w") as handle:
        subprocess.run(
            ["sqlite3", "-csv", "-header", str(database), published], stdout=handle, check=True
        )
    baseline = time.perf_counter() - started
    built = json.loads(
        subprocess.run(
            [PYTHON, "-c", BUILD_CSV, str(process_id), str(work / "coplan.csv")],
            env=full_env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    api = json.loads(
        subprocess.run(
            [PYTHON, "-c", API, "canada-4th-plan-2018-2020"],
            env=full_env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    ratio = built["seconds"] / baseline
    body = f"""
{rows:,} contributions seeded in {seed_seconds:.0f} s ({built["rows"]:,} published and consented).

| measure | figure | target |
|---|---:|---|
| `sqlite3 -csv` of the same rows (baseline) | {baseline:.2f} s | – |
| Coplan CSV build (26 columns with joins) | {built["seconds"]:.2f} s | ≤ 3× baseline |
| ratio | {ratio:.2f}× | ≤ 3× |
| peak memory of the build process | {built["peak_mb"]:.0f} MB | < 200 MB |
"""
    body += (
        "\n| API page of 100 contributions | median ms | p95 ms | target |\n|---|---:|---:|---|\n"
    )
    for label, figures in api.items():
        body += f"| {label} | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} | < 50 ms |\n"
    body += (
        "\nSQLite, in-process Django test client for the API (no network). The PostgreSQL "
        "`COPY … TO STDOUT` baseline was not measured in this run.\n"
    )
    print(body)
    update_readme("issue9", "Issue 9 – Open data (data set CSV, API page)", body)


if __name__ == "__main__":
    main()
