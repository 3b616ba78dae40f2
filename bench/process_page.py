"""Issue 2 benchmark: the process page against a bare Django view, same server, same run.

Serves the demo (SQLite, DEBUG off, gunicorn with 2 sync workers, as `bin/serve` does), loads
the process page and /healthz (a bare Django view through the same middleware) with wrk, and
counts the process page's queries with the demo data and with ten times more opportunities.
Target: the process page at >= 50% of the bare view's requests/s, with a constant query count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import (
    ROOT,
    TABLE_HEAD,
    VENV_BIN,
    prepare,
    row,
    served,
    update_readme,
    wrk,
)  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
QUERY_COUNT_SCRIPT = """
import django, json
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from coplan.processes import demo
from coplan.processes.models import Opportunity
process = demo.load()
client = Client(SERVER_NAME="localhost")
url = f"/en/processes/{process.slug}/"
from django.core.cache import cache
def count():
    cache.clear()  # measure the rendering path, not a cache hit
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)
before = count()
for phase in process.phases.all():
    Opportunity.objects.bulk_create([Opportunity(phase=phase, slug=f"bench-{phase.pk}-{n}",
        kind="ideas", title_en="t", title_fr="t", description_en="d", description_fr="d")
        for n in range(20)], ignore_conflicts=True)
after = count()
Opportunity.objects.filter(slug__startswith="bench-").delete()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.get(email="participant@example.org")
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(json.dumps({"queries_demo": before, "queries_10x": after, "session": session.session_key}))
"""


def main() -> None:
    db = ROOT / "var" / "bench" / "foundation.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    env = {"DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "coplan.settings.dev"}
    prepare(env)
    subprocess.run(
        [str(VENV_BIN / "coplan"), "demo"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    counts = json.loads(
        subprocess.run(
            [str(VENV_BIN / "python"), "-c", QUERY_COUNT_SCRIPT],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    with served(env, workers=2) as base:
        process_url = f"{base}/en/processes/canada-4th-plan-2018-2020/"
        wrk(process_url, seconds=3)  # warm up both workers
        bare = wrk(f"{base}/healthz", seconds=SECONDS)
        page = wrk(process_url, seconds=SECONDS)
        # A signed-in participant is served their own cached copy (the account header differs).
        signed_in = wrk(
            process_url, seconds=SECONDS, headers={"Cookie": f"sessionid={counts['session']}"}
        )
    # The rendering itself, every request: the whole-page cache off.
    with served({**env, "COPLAN_PAGE_CACHE": "false"}, workers=2) as base:
        process_url = f"{base}/en/processes/canada-4th-plan-2018-2020/"
        wrk(process_url, seconds=3)
        rendered = wrk(process_url, seconds=SECONDS)
    ratio = page["rps"] / bare["rps"]
    body = f"""
Server: `coplan serve` (gunicorn, 2 sync workers, DEBUG off), SQLite, demo data. Load: wrk,
2 threads, 8 connections, {SECONDS} s per URL, loopback. Baseline: `/healthz`, a bare Django view
through the same middleware, in the same run.

{TABLE_HEAD}
{row("bare view `/healthz`", bare)}
{row("process page `/en/processes/…/`", page)}
{row("process page, signed-in participant", signed_in)}
{row("process page rendered every time (`COPLAN_PAGE_CACHE=false`)", rendered)}

Ratio process page / bare view: **{ratio:.0%}** (target ≥ 50%): visitors are served from the
page cache (`coplan.core.pagecache`), dropped whenever what the page shows changes; a signed-in
participant gets the copy for signed-in visitors ({signed_in["rps"] / bare["rps"]:.0%} of the
bare view: one query for the session, one for the account). Rendered every time, with the apps'
sections from their fragment cache: {rendered["rps"] / bare["rps"]:.0%} of the bare view.
Queries on the process page: {counts["queries_demo"]} with the demo, {counts["queries_10x"]} with
20 more opportunities in every phase (target: constant).
"""
    update_readme("issue2", "Issue 2 – Foundation: process page vs bare view", body)
    print(body)
    if ratio < 0.5 or counts["queries_demo"] != counts["queries_10x"]:
        sys.exit("target missed")


if __name__ == "__main__":
    main()
