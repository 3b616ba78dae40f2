"""Issue 5 benchmark: a draft plan of 20 commitments (about 400 paragraphs), 5,000 comments.

Builds, in a fresh SQLite database under var/bench/ and through the product's own services:
- 20 commitments, each co-drafted with the full OGP template in English and French (lead and
  confirmed partner organisations, themes, dates, contact, 9 milestones), moved into the draft
  plan, then frozen with the plan's narrative sections into a version published for review
  (coplan.plans.services.plan_version_publish): 400 paragraphs;
- 5,000 published comments on those paragraphs (unevenly spread, as real reviews are), published
  replies, published comments and replies on the plan as a whole, and pending and rejected
  comments that must not show or be counted;
- a baseline plan of 3 narrative paragraphs with 10 comments (overall comments and a reply too).

Then measures the draft plan's page:
- in-process: Django's test client through every middleware (DEBUG off), median/p95 of 20
  renders (whole-page cache off) and of 20 page-cache hits;
- the query count of a render, big plan against the baseline, with cold fragment caches, warm
  caches, and with a session: asserted equal;
- through the real server as users get it: `coplan serve` (gunicorn, 2 sync workers, DEBUG off)
  loaded with wrk for an anonymous visitor and for a visitor with a session cookie, with the
  whole-page cache and with it off (every request rendered), the bare view `/healthz` as the
  same-run baseline;
- the PDF in English and in French (WeasyPrint, tagged PDF/UA-1).
Targets: page under 300 ms with a constant query count; each PDF under 20 s. Figures go into
bench/README.md (section "issue5"); the script exits non-zero when a target is missed.
"""

from __future__ import annotations

import datetime
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, coplan, prepare, served, update_readme, wrk  # noqa: E402

DB = ROOT / "var" / "bench" / "plans.sqlite3"
ENV = {
    "DATABASE_URL": f"sqlite:///{DB}",
    "DJANGO_SETTINGS_MODULE": "coplan.settings.dev",
    "DEBUG": "false",
}
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
COMMITMENTS, MILESTONES, COMMENTS = 20, 9, 5_000
PARAGRAPH_REPLIES, OVERALL_COMMENTS, OVERALL_REPLIES = 500, 120, 40
PENDING, REJECTED = 300, 100
PAGE_TARGET_MS, PDF_TARGET_S = 300, 20

# (English, French) subjects of the 20 commitments.
SUBJECTS = [
    ("federal spending", "les dépenses fédérales"),
    ("government contracts", "les contrats du gouvernement"),
    ("grants and contributions", "les subventions et contributions"),
    ("lobbying", "le lobbying"),
    ("access to information requests", "les demandes d’accès à l’information"),
    ("federal science", "la science fédérale"),
    ("the data the government holds", "les données que détient le gouvernement"),
    ("the federal budget", "le budget fédéral"),
    ("who owns corporations", "les propriétaires des sociétés"),
    ("payments for natural resources", "les paiements liés aux ressources naturelles"),
    ("digital services", "les services numériques"),
    ("public consultations", "les consultations publiques"),
    ("upcoming regulations", "les règlements à venir"),
    ("climate and environment data", "les données sur le climat et l’environnement"),
    ("the impact of policies on gender", "les effets des politiques selon le genre"),
    ("software the government writes", "les logiciels que le gouvernement développe"),
    ("government records", "les documents du gouvernement"),
    ("elections and political financing", "les élections et le financement politique"),
    ("feminist international assistance", "l’aide internationale féministe"),
    ("Indigenous data", "les données autochtones"),
]

# The plan's narrative sections: (key, English heading, French heading, paragraphs).
NARRATIVE = [
    ("introduction", "Introduction", "Introduction", 5),
    ("the-process", "How we developed this plan", "Comment nous avons élaboré ce plan", 6),
    ("commitments", "Commitments", "Engagements", 2),
    ("reporting", "Reporting on progress", "Rendre compte des progrès", 4),
    ("next-steps", "Next steps", "Prochaines étapes", 3),
]


def narrative_body(heading_en: str, heading_fr: str, count: int) -> tuple[str, str]:
    english = [
        f"{heading_en}, paragraph {n}: open government means more transparency, participation "
        "and accountability. Over the two years of this plan, departments will publish what "
        "they do in formats that anyone can reuse, explain their decisions, and report on "
        "their progress twice a year with the Multi-stakeholder Forum."
        for n in range(1, count + 1)
    ]
    french = [
        f"{heading_fr}, paragraphe {n} : un gouvernement ouvert, c’est plus de transparence, "
        "de participation et de reddition de comptes. Pendant les deux années de ce plan, les "
        "ministères publieront ce qu’ils font dans des formats réutilisables par tous, "
        "expliqueront leurs décisions et rendront compte de leurs progrès deux fois par an "
        "avec le Forum multi-intervenants."
        for n in range(1, count + 1)
    ]
    return "\n\n".join(english), "\n\n".join(french)


def commitment_texts(subject_en: str, subject_fr: str, number: int) -> dict:
    return {
        "title_en": f"Open information on {subject_en}",
        "title_fr": f"Information ouverte sur {subject_fr}",
        "problem_en": f"People find it hard to learn about {subject_en}: the information is "
        "published late, in many places, and often in formats that cannot be searched or "
        "reused. Journalists, researchers and civil society told us they spend weeks putting "
        "it together before they can ask the questions that matter.",
        "problem_fr": f"Il est difficile de s’informer sur {subject_fr} : l’information est "
        "publiée tard, à de nombreux endroits, et souvent dans des formats qu’on ne peut ni "
        "chercher ni réutiliser. Les journalistes, les chercheurs et la société civile nous ont "
        "dit passer des semaines à la rassembler avant de pouvoir poser les vraies questions.",
        "status_quo_en": f"Information about {subject_en} is spread across departmental web "
        "sites and annual reports. Some of it is released as open data, without the "
        "documentation needed to understand it, and the rest only on request.",
        "status_quo_fr": f"L’information sur {subject_fr} est dispersée entre les sites des "
        "ministères et les rapports annuels. Une partie est diffusée en données ouvertes, sans "
        "la documentation nécessaire pour la comprendre, et le reste seulement sur demande.",
        "description_en": f"The Government of Canada will publish information about {subject_en} "
        "in one place, as open data with its documentation, every quarter. It will work with "
        "civil society to decide what to publish first, publish a schedule, and explain "
        "publicly any information it cannot release and why.",
        "description_fr": "Le gouvernement du Canada publiera l’information sur "
        f"{subject_fr} en un seul endroit, en données ouvertes accompagnées de leur "
        "documentation, chaque trimestre. Il travaillera avec la société civile pour établir "
        "les priorités, publiera un calendrier et expliquera publiquement ce qu’il ne peut pas "
        "diffuser, et pourquoi.",
        "how_it_helps_en": "Complete, timely and reusable information lets people follow "
        "decisions as they are made, compare them over time, and hold government to account. "
        "A single schedule tells them when to expect it.",
        "how_it_helps_fr": "Une information complète, à jour et réutilisable permet de suivre "
        "les décisions au moment où elles sont prises, de les comparer dans le temps et de "
        "demander des comptes au gouvernement. Un calendrier unique indique quand l’attendre.",
        "relevance_en": "It advances transparency by publishing more information, and "
        "accountability by explaining what is withheld.",
        "relevance_fr": "Il fait progresser la transparence en publiant davantage "
        "d’information, et la reddition de comptes en expliquant ce qui est retenu.",
        "contact_office_en": f"Open Government Secretariat, commitment {number}",
        "contact_office_fr": f"Secrétariat du gouvernement ouvert, engagement {number}",
        "contact_email": "open-ouvert@tbs-sct.gc.ca",
        "ogp_values": ["access_to_information", "public_accountability"],
        "starts_on": datetime.date(2018, 9, 1),
        "ends_on": datetime.date(2020, 6, 30),
    }


MILESTONE_STEPS = [
    ("Consult civil society on what to publish first about {}.",
     "Consulter la société civile sur ce qu’il faut publier d’abord sur {}."),
    ("Publish an inventory of the information held about {}.",
     "Publier un répertoire de l’information détenue sur {}."),
    ("Publish a schedule for releasing information about {}.",
     "Publier un calendrier de diffusion de l’information sur {}."),
    ("Release the first data sets about {} with their documentation.",
     "Diffuser les premiers jeux de données sur {} avec leur documentation."),
    ("Explain publicly what information about {} cannot be released, and why.",
     "Expliquer publiquement quelle information sur {} ne peut être diffusée, et pourquoi."),
    ("Train the staff who publish information about {}.",
     "Former le personnel qui publie l’information sur {}."),
    ("Release every quarter the updated data about {}.",
     "Diffuser chaque trimestre les données à jour sur {}."),
    ("Report on how the information about {} is used.",
     "Rendre compte de l’utilisation de l’information sur {}."),
    ("Review the commitment on {} with the Multi-stakeholder Forum.",
     "Faire le bilan de l’engagement sur {} avec le Forum multi-intervenants."),
]  # fmt: skip


def setup_django() -> None:
    os.environ.update(ENV)
    import django

    django.setup()


def build_commitments(process, admin, departments, partners) -> None:
    """20 commitments through the co-drafting services, in the draft plan."""
    from coplan.commitments import services
    from coplan.commitments.models import ActorKind, Status
    from tests.commitments.factories import ThemeFactory

    themes = [ThemeFactory(slug=f"bench-theme-{n}") for n in range(4)]
    for number, (subject_en, subject_fr) in enumerate(SUBJECTS[:COMMITMENTS], start=1):
        texts = commitment_texts(subject_en, subject_fr, number)
        commitment = services.commitment_create(
            process=process,
            identifier=f"C-{number:02d}",
            title_en=texts["title_en"],
            title_fr=texts["title_fr"],
            author=admin,
        )
        services.commitment_transition(commitment=commitment, to_status=Status.DRAFT, user=admin)
        services.commitment_edit(
            commitment=commitment,
            editor=admin,
            base_version=commitment.version_number,
            data=texts,
            themes=themes[number % 4 : number % 4 + 2],
            note="Full draft.",
        )
        lead = departments[number % len(departments)]
        services.actor_add(commitment=commitment, organisation=lead, kind=ActorKind.LEAD)
        organisation, member = partners[number % len(partners)]
        partner = services.actor_add(
            commitment=commitment,
            organisation=organisation,
            kind=ActorKind.CIVIL_SOCIETY,
            role_en="Reviews what is published and reports on its usefulness.",
            role_fr="Examine ce qui est publié et rend compte de son utilité.",
        )
        services.actor_respond(actor=partner, user=member, confirm=True)
        start = datetime.date(2018, 9, 1)
        for step, (step_en, step_fr) in enumerate(MILESTONE_STEPS[:MILESTONES]):
            services.milestone_save(
                commitment=commitment,
                editor=admin,
                data={
                    "description_en": step_en.format(subject_en),
                    "description_fr": step_fr.format(subject_fr),
                    "starts_on": start + datetime.timedelta(days=70 * step),
                    "ends_on": start + datetime.timedelta(days=70 * step + 120),
                    "responsible": lead,
                },
            )
        commitment.refresh_from_db()
        services.commitment_transition(
            commitment=commitment, to_status=Status.IN_DRAFT_PLAN, user=admin
        )


def publish_plan(process, admin, sections):
    """The plan's first draft with these narrative sections, published for review."""
    from coplan.plans import services
    from coplan.plans.models import PlanSection, PlanVersion

    plan = services.plan_create(process=process, actor=admin)
    version = plan.versions.get()
    version.sections.all().delete()
    for key, heading_en, heading_fr, count in sections:
        body_en, body_fr = narrative_body(heading_en, heading_fr, count)
        services.plan_section_add(
            version=version,
            key=key,
            kind=PlanSection.Kind.COMMITMENTS
            if key == "commitments"
            else PlanSection.Kind.NARRATIVE,
            heading_en=heading_en,
            heading_fr=heading_fr,
            body_en=body_en,
            body_fr=body_fr,
        )
    return services.plan_version_publish(
        version=version, status=PlanVersion.Status.REVIEW, actor=admin
    )


def add_comments(version, opportunity, *, paragraph_comments, paragraph_replies, overall,
                 overall_replies, pending, rejected) -> list[int]:  # fmt: skip
    """Comments from the public on the version's paragraphs and on the whole plan.

    Returns the ids of a few comments, as a commenter's session remembers them.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from coplan.contributions.models import Contribution, Kind, ModerationState
    from coplan.plans.models import PlanParagraph

    rng = random.Random(5)
    paragraphs = list(PlanParagraph.objects.filter(version=version).order_by("position"))
    # Uneven, as in real reviews: a few paragraphs draw most of the comments.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(paragraphs))]
    rng.shuffle(weights)
    paragraph_type = ContentType.objects.get_for_model(PlanParagraph)
    version_type = ContentType.objects.get_for_model(version)
    start = timezone.now() - datetime.timedelta(days=30)
    common = {
        "process": version.plan.process,
        "opportunity": opportunity,
        "phase": opportunity.phase,
        "consent_to_publish": True,
    }
    counter = iter(range(10**9))

    def make(target_type, target_id, kind, state, parent=None) -> Contribution:
        n = next(counter)
        language = "fr" if n % 3 == 0 else "en"
        text = (
            f"Commentaire {n} : il faudrait publier ces données chaque mois, avec leur "
            "dictionnaire, et dire qui en est responsable."
            if language == "fr"
            else f"Comment {n}: please publish this data every month, with its dictionary, "
            "and say who is responsible for it."
        )
        return Contribution(
            kind=kind,
            target_type=target_type,
            target_id=target_id,
            parent=parent,
            text=text,
            language=language,
            moderation_state=state,
            moderated_at=None if state == ModerationState.PENDING else timezone.now(),
            received_at=start + datetime.timedelta(minutes=5 * n),
            **common,
        )

    published = ModerationState.PUBLISHED
    top = Contribution.objects.bulk_create(
        [
            make(paragraph_type, paragraph.pk, Kind.COMMENT, published)
            for paragraph in rng.choices(paragraphs, weights=weights, k=paragraph_comments)
        ],
        batch_size=1000,
    )
    overall_top = Contribution.objects.bulk_create(
        [make(version_type, version.pk, Kind.COMMENT, published) for _ in range(overall)]
    )
    replies = [
        make(paragraph_type, parent.target_id, Kind.REPLY, published, parent)
        for parent in rng.sample(top, paragraph_replies)
    ] + [
        make(version_type, version.pk, Kind.REPLY, published, parent)
        for parent in rng.sample(overall_top, overall_replies)
    ]
    unpublished = [
        make(paragraph_type, rng.choice(paragraphs).pk, Kind.COMMENT, state)
        for state, count in (
            (ModerationState.PENDING, pending),
            (ModerationState.REJECTED, rejected),
        )
        for _ in range(count)
    ]
    created = Contribution.objects.bulk_create(replies + unpublished, batch_size=1000)
    return [top[0].pk, overall_top[0].pk, created[-1].pk]


def build() -> dict:
    """Both plans, their comments, and a commenter's session; returns what the bench needs."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    from coplan.accounts import roles
    from coplan.accounts.models import Organisation
    from coplan.contributions.visitor import OWN_SESSION_KEY
    from coplan.plans.models import PlanParagraph
    from tests.accounts.factories import OrganisationFactory, UserFactory, staff_with_role
    from tests.plans.factories import plan_opportunities
    from tests.processes.factories import ProcessFactory

    admin = staff_with_role(roles.ADMINISTRATOR, email="bench-admin@example.org")
    departments = [OrganisationFactory(slug=f"bench-department-{n}") for n in range(6)]
    partners = []
    for n in range(4):
        organisation = OrganisationFactory(
            slug=f"bench-society-{n}", kind=Organisation.Kind.CIVIL_SOCIETY
        )
        partners.append((organisation, UserFactory(organisation=organisation, is_staff=True)))

    small_process = ProcessFactory(slug="plan-small")
    small_draft, _final = plan_opportunities(small_process)
    small = publish_plan(
        small_process, admin, [("introduction", "Introduction", "Introduction", 3)]
    )
    add_comments(
        small,
        small_draft,
        paragraph_comments=7,
        paragraph_replies=1,
        overall=2,
        overall_replies=0,
        pending=1,
        rejected=1,
    )

    process = ProcessFactory(slug="plan-big")
    draft, _final = plan_opportunities(process)
    build_commitments(process, admin, departments, partners)
    big = publish_plan(process, admin, NARRATIVE)
    own = add_comments(
        big,
        draft,
        paragraph_comments=COMMENTS,
        paragraph_replies=PARAGRAPH_REPLIES,
        overall=OVERALL_COMMENTS,
        overall_replies=OVERALL_REPLIES,
        pending=PENDING,
        rejected=REJECTED,
    )
    # A visitor who commented without an account: their session remembers what they sent.
    session = SessionStore()
    session[OWN_SESSION_KEY] = own
    session.create()
    paragraphs = PlanParagraph.objects.filter(version=big)
    return {
        "small": small,
        "big": big,
        "paragraphs": paragraphs.count(),
        "commitment_paragraphs": paragraphs.filter(kind=PlanParagraph.Kind.COMMITMENT).count(),
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    }


def in_process(url: str, cookie: str | None = None) -> dict:
    """Median/p95 of RUNS renders (the whole-page cache off: what a visit costs right after a
    change) and of RUNS page-cache hits, and the query counts of a render (cold caches, warm
    fragments, with a session)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    def count(client: Client) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        return len(queries)

    def timed(client: Client) -> list[float]:
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        return times

    def p95(times: list[float]) -> float:
        return sorted(times)[max(0, round(len(times) * 0.95) - 1)]

    client = Client(SERVER_NAME="localhost")
    with override_settings(COPLAN_PAGE_CACHE=False):
        cache.clear()
        cold = count(client)
        warm = count(client)
        session_client = Client(SERVER_NAME="localhost")
        session_client.cookies.load(cookie)
        with_session = count(session_client)
        renders = timed(client)
        html = client.get(url).content.decode()
    client.get(url)  # fills the page cache
    hits = timed(client)
    return {
        "median": statistics.median(renders),
        "p95": p95(renders),
        "hit_median": statistics.median(hits),
        "hit_p95": p95(hits),
        "cold": cold,
        "warm": warm,
        "session": with_session,
        "html": html,
    }


def page_cache_header(url: str, cookie: str | None = None) -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200, url
        return response.headers.get("X-Page-Cache") or "none"


def timed_pdf(version, language: str) -> tuple[float, bytes]:
    from coplan.plans.pdf import render_version_pdf

    started = time.perf_counter()
    data = render_version_pdf(version, language)
    return time.perf_counter() - started, data


def main() -> None:
    DB.parent.mkdir(parents=True, exist_ok=True)
    DB.unlink(missing_ok=True)
    try:
        prepare(ENV)
    except subprocess.CalledProcessError:
        # Another app's vendored CSS can break the manifest step; this page does not use it.
        coplan("collectstatic", "--noinput", "--ignore", "swagger-ui*", env=ENV)
    setup_django()
    started = time.perf_counter()
    data = build()
    build_seconds = time.perf_counter() - started
    small, big, cookie = data["small"], data["big"], data["cookie"]
    assert 380 <= data["paragraphs"] <= 420, data["paragraphs"]

    load_before = os.getloadavg()[0]
    small_page = in_process(small.get_absolute_url(), cookie)
    big_page = in_process(big.get_absolute_url(), cookie)
    big_page_fr = in_process(big.get_absolute_url().replace("/en/", "/fr/", 1), cookie)
    html = big_page["html"]
    assert f'id="p-{data["paragraphs"]}"' in html, "the page misses paragraphs"
    assert "C-20" in html, "the page misses commitments"
    for key in ("cold", "warm", "session"):
        assert big_page[key] == small_page[key], (key, big_page[key], small_page[key])

    results = {}
    headers = {}
    # As served (whole-page cache on), then with every request rendered (cache off).
    for mode, env in (("", ENV), ("rendered_", {**ENV, "COPLAN_PAGE_CACHE": "false"})):
        with served(env, workers=2) as base:
            small_url, big_url = base + small.get_absolute_url(), base + big.get_absolute_url()
            for url in (small_url, big_url):
                wrk(url, seconds=2, connections=2)  # warm up both workers
            headers[mode + "anonymous"] = page_cache_header(big_url)
            headers[mode + "session"] = page_cache_header(big_url, cookie)
            session = {"Cookie": cookie}
            if not mode:
                results["bare"] = wrk(f"{base}/healthz", seconds=SECONDS, connections=2)
            results[mode + "small"] = wrk(small_url, seconds=SECONDS, connections=2)
            results[mode + "big"] = wrk(big_url, seconds=SECONDS, connections=2)
            results[mode + "big_session"] = wrk(
                big_url, seconds=SECONDS, connections=2, headers=session
            )
            results[mode + "big_session_8"] = wrk(
                big_url, seconds=SECONDS, connections=8, headers=session
            )
    load_middle = os.getloadavg()[0]

    pdf_en_seconds, pdf_en = timed_pdf(big, "en")
    pdf_fr_seconds, pdf_fr = timed_pdf(big, "fr")
    for pdf in (pdf_en, pdf_fr):
        assert pdf.startswith(b"%PDF-"), "not a PDF"
    load_after = os.getloadavg()[0]

    def served_row(label: str, key: str) -> str:
        result = results[key]
        return (
            f"| {label} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
            f"{result['p99_ms']:.1f} | {result['rps']:.1f} | {result['errors']} |"
        )

    def page_row(label: str, page: dict) -> str:
        return (
            f"| {label} | {page['median']:.0f} ms | {page['p95']:.0f} ms | "
            f"{page['hit_median']:.1f} ms | {page['hit_p95']:.1f} ms |"
        )

    paragraphs = data["paragraphs"]
    narrative = paragraphs - data["commitment_paragraphs"]
    published = COMMENTS + PARAGRAPH_REPLIES + OVERALL_COMMENTS + OVERALL_REPLIES
    body = f"""
Data (built through the services in {build_seconds:.0f} s, SQLite): a draft plan published for
review with {COMMITMENTS} commitments, each co-drafted with the full OGP template in English
and French (lead organisation, confirmed civil-society partner, problem, status quo,
description, how it helps, relevance, themes, dates, contact, {MILESTONES} milestones), moved
into the draft plan and frozen with {len(NARRATIVE)} narrative sections:
**{paragraphs} paragraphs** ({data["commitment_paragraphs"]} from commitments, {narrative}
narrative). On it, {published:,} published comments: **{COMMENTS:,} on paragraphs** (unevenly
spread: a few paragraphs draw most), {PARAGRAPH_REPLIES} replies to them, {OVERALL_COMMENTS}
comments and {OVERALL_REPLIES} replies on the plan as a whole; plus {PENDING} pending and
{REJECTED} rejected comments (not shown, not counted). Baseline: a draft plan of 3 narrative
paragraphs with 10 comments (7 on paragraphs, 1 reply, 2 on the plan as a whole).
Run: `flock /tmp/coplan-bench.lock .venv/bin/python bench/plan_review.py`. Load average of the
machine (2 cores) at the start of the measures, after the served runs, and at the end:
{load_before:.1f}, {load_middle:.1f}, {load_after:.1f}.

**In-process** (Django test client through every middleware, DEBUG off), {RUNS} runs after
warm-up, anonymous visitor. "Rendered": the whole-page cache off, as on the first visit after a
change (a moderation decision, a new version); "cache hit": as most visits are served.

| page | rendered, median | rendered, p95 | cache hit, median | cache hit, p95 |
|---|---:|---:|---:|---:|
{page_row("draft plan, 3 paragraphs, 10 comments (baseline)", small_page)}
{page_row(f"draft plan, {paragraphs} paragraphs, {COMMENTS:,} comments, English", big_page)}
{page_row("the same in French", big_page_fr)}

**Queries** of a rendering (asserted equal, big plan against baseline): {big_page["cold"]} with
cold caches (first visit after a change: the overall comment thread is rendered), against
{small_page["cold"]}; {big_page["warm"]} warm, against {small_page["warm"]}; {big_page["session"]}
with a session, against {small_page["session"]}. A cache hit reads no table for a stranger.

**Served** as users get it: `coplan serve` (gunicorn, 2 sync workers, DEBUG off), wrk on
loopback, 2 threads, {SECONDS} s per row. Latency rows use 2 connections (one per worker: the
time a visitor waits when the server is not saturated); the "8 connections" rows queue requests
behind each other. First with the whole-page cache (answer header `X-Page-Cache`:
{headers["anonymous"]} anonymous, {headers["session"]} with a session), then with it off
(`COPLAN_PAGE_CACHE=false`: every request renders the page). "With a session" requests carry
the session cookie of a visitor who commented without an account.

| URL | p50 ms | p95 ms | p99 ms | requests/s | errors |
|---|---:|---:|---:|---:|---:|
{served_row("bare view `/healthz` (baseline)", "bare")}
{served_row("plan of 3 paragraphs, anonymous", "small")}
{served_row(f"plan of {paragraphs} paragraphs, {COMMENTS:,} comments, anonymous", "big")}
{served_row(f"plan of {paragraphs} paragraphs, with a session", "big_session")}
{served_row(f"plan of {paragraphs} paragraphs, with a session, 8 connections", "big_session_8")}
{served_row("rendered every time: plan of 3 paragraphs, anonymous", "rendered_small")}
{served_row(f"rendered every time: plan of {paragraphs} paragraphs, anonymous", "rendered_big")}
{served_row("rendered every time: the same, with a session", "rendered_big_session")}
{served_row("rendered every time: with a session, 8 connections", "rendered_big_session_8")}

**PDF** of the {paragraphs}-paragraph plan (WeasyPrint, tagged PDF/UA-1, rendered in-process
as the publishing task does): English {pdf_en_seconds:.1f} s ({len(pdf_en) // 1024} KiB), French
{pdf_fr_seconds:.1f} s ({len(pdf_fr) // 1024} KiB).

Targets: page under {PAGE_TARGET_MS} ms with a constant query count; PDF under {PDF_TARGET_S} s
in each language.
"""
    update_readme("issue5", "Issue 5 – The plan: review page and PDF", body)
    print(body)
    missed = [
        label
        for label, value in (
            ("in-process p95", big_page["p95"]),
            ("in-process p95 (French)", big_page_fr["p95"]),
            ("served p95, anonymous", results["big"]["p95_ms"]),
            ("served p95, with a session", results["big_session"]["p95_ms"]),
            ("served p95, rendered every time", results["rendered_big"]["p95_ms"]),
            ("served p95, rendered, with a session", results["rendered_big_session"]["p95_ms"]),
        )
        if value >= PAGE_TARGET_MS
    ]
    missed += [
        f"PDF {language}"
        for language, seconds in (("en", pdf_en_seconds), ("fr", pdf_fr_seconds))
        if seconds >= PDF_TARGET_S
    ]
    if any(results[key]["errors"] or results[key]["non_2xx"] for key in results):
        missed.append("errors under load")
    if missed:
        sys.exit(f"targets missed: {', '.join(missed)}")


if __name__ == "__main__":
    main()
