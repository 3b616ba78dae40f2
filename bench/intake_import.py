"""Issue 7 benchmark: 100,000 social-media rows imported, then re-imported, on SQLite.

Targets: the import under 60 s, the re-import under 20 s adding nothing, peak memory under
300 MB. Each step runs in its own child process so its peak resident memory (from wait4) is its
own. Baseline, in the same run: a child that only reads the same CSV with the csv module
(Django and the models loaded), i.e. the floor any importer pays before doing any work.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, VENV_BIN, update_readme  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
TARGET_IMPORT_S, TARGET_REIMPORT_S, TARGET_MB = 60, 20, 300

SETUP = """
import django, json
django.setup()
import datetime
from coplan.processes.models import Phase, Process
process, _ = Process.objects.get_or_create(slug="bench-intake", defaults=dict(
    title_en="Bench", title_fr="Banc", summary_en="s", summary_fr="s",
    starts_on=datetime.date(2017, 10, 1), ends_on=datetime.date(2020, 6, 30),
    privacy_purpose_en="p", privacy_purpose_fr="p", privacy_authority_en="a",
    privacy_authority_fr="a", privacy_contact_en="c", privacy_contact_fr="c"))
start = datetime.date(2017, 10, 1)
for position, kind in enumerate(["planning", "development", "drafting", "review",
                                 "finalization", "implementation"], start=1):
    Phase.objects.get_or_create(process=process, kind=kind, defaults=dict(
        position=position, starts_on=start, ends_on=start + datetime.timedelta(days=59),
        name_en=kind, name_fr=kind, purpose_en="p", purpose_fr="p"))
    start += datetime.timedelta(days=60)
print(json.dumps({"process": process.slug}))
"""

IMPORT = """
import django, json, sys, time
django.setup()
from coplan.intake.social import social_export_import
from coplan.processes.models import Process
path = sys.argv[1]
started = time.perf_counter()
with open(path, "rb") as handle:
    run = social_export_import(process=Process.objects.get(slug="bench-intake"),
                               uploaded_file=handle, filename="posts.csv")
print(json.dumps({"seconds": time.perf_counter() - started, "state": run.state,
                  "read": run.read_count, "imported": run.imported_count,
                  "duplicates": run.duplicate_count, "rejected": run.rejected_count,
                  "error": run.error}))
"""

BASELINE = """
import django, csv, io, json, sys, time
django.setup()
from coplan.contributions.models import Contribution  # noqa: F401 - same imports as the import
started = time.perf_counter()
with open(sys.argv[1], "rb") as handle:
    rows = sum(1 for _ in csv.reader(io.StringIO(handle.read().decode("utf-8"))))
print(json.dumps({"seconds": time.perf_counter() - started, "rows": rows}))
"""

# The language-detection choice, measured on the same texts: the bulk detector
# (`detect_languages_in_bulk`: the listening detector's 19 languages, trigrams first, the full
# detector when unsure) against the web path's detector alone, on a sample (the web path's
# detector on all rows would take minutes).
DETECT = """
import django, csv, io, json, sys, time
django.setup()
from coplan.contributions import language
with open(sys.argv[1], encoding="utf-8") as handle:
    texts = [row[3] for row in csv.reader(handle)][1:int(sys.argv[2]) + 1]
# load both models first
language.detect_languages_in_bulk(texts[:20]), language.detect_languages(texts[:20])
started = time.perf_counter()
quick = language.detect_languages_in_bulk(texts)
quick_s = time.perf_counter() - started
started = time.perf_counter()
web = language.detect_languages(texts)
web_s = time.perf_counter() - started
print(json.dumps({"texts": len(texts), "quick": quick_s, "web": web_s,
                  "agree": sum(a == b for a, b in zip(quick, web))}))
"""
DETECT_SAMPLE = 10_000

EN = [
    "Please publish federal contract data as open data every month",
    "Open science should make research results available to everyone",
    "We need better access to information request tracking online",
    "The budget should be published in a machine readable format",
]
FR = [
    "Le gouvernement devrait publier les données sur les contrats chaque mois",
    "La science ouverte doit rendre les résultats de recherche accessibles à tous",
    "Nous voulons un meilleur suivi des demandes d'accès à l'information",
    "Le budget devrait être publié dans un format lisible par machine",
]


def write_export(path: Path, rows: int) -> None:
    rng = random.Random(7)
    start = datetime.datetime(2017, 10, 2, tzinfo=datetime.UTC)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["platform", "post id", "author handle", "text", "time", "url"])
        for number in range(rows):
            platform = "twitter" if number % 3 else "facebook"
            text = f"{rng.choice(EN if number % 2 else FR)} ({number})"
            when = start + datetime.timedelta(minutes=number * 3)
            writer.writerow(
                [
                    platform,
                    str(10_000_000 + number),
                    f"@person{rng.randint(1, 50_000)}",
                    text,
                    when.isoformat(),
                    f"https://example.org/{platform}/{number}",
                ]
            )


def run_child(script: str, *args: str, env: dict) -> tuple[dict, float]:
    """Run a Python child; return its JSON output and its own peak resident memory (MB)."""
    process = subprocess.Popen(
        [str(VENV_BIN / "python"), "-c", script, *args],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out = process.stdout.read()
    err = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(err.decode()[-3000:])
    return json.loads(out.decode().strip().splitlines()[-1]), usage.ru_maxrss / 1024


def main() -> None:
    work = ROOT / "var" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    db = work / "intake.sqlite3"
    db.unlink(missing_ok=True)
    export = work / "issue7-posts.csv"
    env = {"DATABASE_URL": f"sqlite:///{db}", "DJANGO_SETTINGS_MODULE": "coplan.settings.dev"}
    # Only the schema is needed (no static files, no translations).
    subprocess.run(
        [str(VENV_BIN / "coplan"), "migrate", "--noinput"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    run_child(SETUP, env=env)
    write_export(export, ROWS)
    size_mb = export.stat().st_size / 2**20

    baseline, baseline_mb = run_child(BASELINE, str(export), env=env)
    detect, _detect_mb = run_child(DETECT, str(export), str(min(ROWS, DETECT_SAMPLE)), env=env)
    load_before = os.getloadavg()
    started = time.perf_counter()
    first, first_mb = run_child(IMPORT, str(export), env=env)
    first_wall = time.perf_counter() - started
    started = time.perf_counter()
    again, again_mb = run_child(IMPORT, str(export), env=env)
    again_wall = time.perf_counter() - started
    load_after = os.getloadavg()

    ok = (
        first["imported"] == ROWS
        and again["imported"] == 0
        and again["duplicates"] == ROWS
        and first["seconds"] < TARGET_IMPORT_S
        and again["seconds"] < TARGET_REIMPORT_S
        and max(first_mb, again_mb) < TARGET_MB
    )
    body = f"""
`python bench/intake_import.py` — a generated export of {ROWS:,} posts ({size_mb:.1f} MB CSV,
English and French, two platforms, handles and URLs) imported with
`intake.social.social_export_import` into SQLite (`coplan.settings.dev`), then the same
file again. Each step runs in its own process; memory is that process's peak resident set
(Python, Django, lingua's models included). Baseline: reading the same CSV with the csv module
in a child with Django loaded.

| step | seconds (in function) | seconds (process) | rows imported | duplicates | rejected | peak MB |
|---|---:|---:|---:|---:|---:|---:|
| baseline: csv read only | {baseline["seconds"]:.1f} | – | – | – | – | {baseline_mb:.0f} |
| import | {first["seconds"]:.1f} | {first_wall:.1f} | {first["imported"]:,} | {first["duplicates"]:,} | {first["rejected"]:,} | {first_mb:.0f} |
| re-import | {again["seconds"]:.1f} | {again_wall:.1f} | {again["imported"]:,} | {again["duplicates"]:,} | {again["rejected"]:,} | {again_mb:.0f} |

Load average (1, 5, 15 min) before the import: {", ".join(f"{v:.1f}" for v in load_before)};
after the re-import: {", ".join(f"{v:.1f}" for v in load_after)} (2 cores; above 2, other
work was competing for them).

Language detection alone on {detect["texts"]:,} of these texts: the bulk detector (`detect_languages_in_bulk`)
{detect["quick"]:.1f} s, the web path's detector (`contributions.language`) {detect["web"]:.1f} s;
they agree on {detect["agree"]:,} of {detect["texts"]:,}.

Targets: import < {TARGET_IMPORT_S} s, re-import < {TARGET_REIMPORT_S} s adding nothing, memory
< {TARGET_MB} MB: **{"met" if ok else "MISSED"}**.
"""  # noqa: E501
    update_readme("issue7", "Issue 7 – Intake: 100,000 social-media rows", body)
    print(body)
    if not ok:
        sys.exit("target missed")


if __name__ == "__main__":
    main()
