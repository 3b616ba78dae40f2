"""Issue 5 benchmark: a draft plan of about 400 paragraphs with 5,000 review comments.

Builds the data in a fresh SQLite database (migrated by this script), then renders, in-process
through Django's full middleware stack (test client, DEBUG off):
- the version page of the big plan, and as a baseline the same page for a 3-paragraph plan;
- the PDF of the big plan in English (WeasyPrint, tagged PDF/UA-1).
Targets: version page under 300 ms with the same query count as the small plan; PDF under 20 s.
Figures go into bench/README.md (section "issue5").
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORK = Path(tempfile.mkdtemp(prefix="coplan-bench-plans-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coplan.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.MEDIA_ROOT = WORK / "media"
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SECTIONS, PER_SECTION, COMMENTS = 20, 20, 5_000


def build(slug: str, sections: int, per_section: int, comments: int):
    from coplan.contributions.models import Contribution, Kind, ModerationState
    from coplan.plans import services
    from coplan.plans.models import PlanParagraph, PlanVersion
    from tests.plans.factories import plan_opportunities
    from tests.processes.factories import ProcessFactory

    process = ProcessFactory(slug=slug)
    draft, _final = plan_opportunities(process)
    plan = services.plan_create(process=process, actor=None)
    version = plan.versions.get()
    version.sections.all().delete()
    for s in range(sections):
        body_en = "\n\n".join(
            f"Commitment {s + 1}, paragraph {p + 1}: we will publish open data on federal "
            "spending, contracts and grants, with documentation, every quarter."
            for p in range(per_section)
        )
        body_fr = "\n\n".join(
            f"Engagement {s + 1}, paragraphe {p + 1} : nous publierons des données ouvertes sur "
            "les dépenses, les contrats et les subventions fédéraux, chaque trimestre."
            for p in range(per_section)
        )
        services.plan_section_add(
            version=version,
            kind="narrative",
            heading_en=f"Commitment {s + 1}",
            heading_fr=f"Engagement {s + 1}",
            body_en=body_en,
            body_fr=body_fr,
        )
    version = services.plan_version_publish(
        version=version, status=PlanVersion.Status.REVIEW, actor=None
    )
    paragraphs = list(PlanParagraph.objects.filter(version=version))
    content_type = ContentType.objects.get_for_model(PlanParagraph)
    now = timezone.now()
    Contribution.objects.bulk_create(
        (
            Contribution(
                process=process,
                opportunity=draft,
                kind=Kind.COMMENT,
                target_type=content_type,
                target_id=paragraphs[i % len(paragraphs)].pk,
                text=f"Comment {i}",
                language="en",
                consent_to_publish=True,
                moderation_state=ModerationState.PUBLISHED,
                received_at=now,
            )
            for i in range(comments)
        ),
        batch_size=1000,
    )
    return version


def measure(client: Client, url: str) -> tuple[list[float], int]:
    client.get(url)  # warm caches (templates, content types)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, len(queries)


def main() -> None:
    from bench.common import update_readme
    from coplan.plans.pdf import render_version_pdf

    call_command("migrate", verbosity=0)
    small = build("plan-small", 2, 1, 10)
    big = build("plan-big", SECTIONS, PER_SECTION, COMMENTS)
    client = Client(SERVER_NAME="localhost")
    small_times, small_queries = measure(client, small.get_absolute_url())
    big_times, big_queries = measure(client, big.get_absolute_url())
    start = time.perf_counter()
    pdf = render_version_pdf(big, "en")
    pdf_seconds = time.perf_counter() - start

    def line(label, times, queries):
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        return f"| {label} | {statistics.median(times):.0f} ms | {p95:.0f} ms |"

    body = "\n".join(
        [
            "In-process (Django test client through every middleware, DEBUG off, SQLite), "
            f"{RUNS} runs each after one warm-up. Run: `.venv/bin/python bench/issue5_plans.py`.",
            "",
            "| page | median | p95 |",
            "|---|---|---|",
            line("draft plan, 3 paragraphs, 10 comments (baseline)", small_times, small_queries),
            line(
                f"draft plan, {SECTIONS * PER_SECTION} paragraphs, {COMMENTS:,} comments",
                big_times,
                big_queries,
            ),
            "",
            f"PDF of the {SECTIONS * PER_SECTION}-paragraph plan (English, tagged PDF/UA-1): "
            f"{pdf_seconds:.1f} s, {len(pdf) // 1024} KiB.",
            "",
            "Targets: page under 300 ms; PDF under 20 s. The page's query count does not grow "
            "with paragraphs or comments: asserted in tests/plans/test_views.py (TestQueryCounts). "
            "The paragraphs are narrative (20 sections of 20), not 20 frozen commitments: a "
            "commitment is frozen into the same paragraph rows, so the page does the same work.",
        ]
    )
    update_readme("issue5", "Issue 5 – The plan: review page and PDF", body)
    print(body)


if __name__ == "__main__":
    main()
