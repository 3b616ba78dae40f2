"""The contributions table, value by value: what the data set says must not move when its build
gets faster. The expected rows below were taken from the build before the fast CSV path and
checked by hand against the records (redaction, translations, themes, commitments, campaigns,
dispositions, contexts, addresses, neutralised formulas, CSV quoting)."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.db import connection

from coplan.analysis.models import ContributionAssessment, ContributionTranslation
from coplan.commitments.models import ContributionLink
from coplan.contributions.models import Contribution, Kind
from coplan.opendata import rows as opendata_rows
from coplan.opendata.columns import CONTRIBUTIONS
from coplan.opendata.writers import neutralised, write_csv
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory, comment_on
from tests.opendata.conftest import SITE, WHEN

from .conftest import SECRETS

# The PostgreSQL build writes its CSV with COPY; CI runs this module on both databases.
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's COPY path only"
)


def table(process) -> list[tuple]:
    return [row for chunk in opendata_rows.contribution_row_chunks(process) for row in chunk]


def written_csv(process, tmp_path) -> str:
    path = tmp_path / "contributions.csv"
    write_csv(
        path=path, resource=CONTRIBUTIONS, chunks=opendata_rows.contribution_csv_chunks(process)
    )
    return path.read_bytes().decode("utf-8")


def utc(contribution) -> str:
    return contribution.received_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


BLANK = dict.fromkeys(CONTRIBUTIONS.keys, "") | {"votes": 0, "campaign_size": None}


def expected_table(awkward) -> list[dict]:
    process = awkward["process"]
    slug = process.slug
    base = BLANK | {"process": slug, "opportunity": "ideas", "source": "web", "language": "en"}
    idea, comment, french = awkward["idea"], awkward["comment"], awkward["french"]
    on_hidden = Contribution.objects.get(text="A comment on a hidden idea.")
    quoted, formulas = awkward["quoted"], awkward["formulas"]
    grouped, on_commitment, feedback = (
        awkward["grouped"],
        awkward["on_commitment"],
        awkward["feedback"],
    )
    rows = [
        base
        | {
            "row": idea.pk,
            "context_type": "opportunity",
            "kind": "idea",
            "received": "2018-01-15T15:00:00Z",
            "title": "Open the budget data",
            "comment": "Please open the budget data. [redacted]",
            "votes": 7,
            "primary_commitment": "c1",
            "secondary_commitments": "c2",
            "primary_theme": "open-data",
            "themes": "open-data;budget",
            "disposition": "in-plan",
            "response_en": "It became commitment 1.",
            "response_fr": "C'est devenu l'engagement 1.",
            "url": f"{SITE}/en/participate/ideas/{idea.pk}/",
        },
        base
        | {
            "row": comment.pk,
            "context_type": "idea",
            "context_en": "Open the budget data",
            "context_fr": "Open the budget data",
            "kind": "comment",
            "received": utc(comment),
            "comment": '=HYPERLINK("http://evil") I agree.',
            "url": f"{SITE}/en/participate/ideas/{idea.pk}/",
        },
        base
        | {
            "row": french.pk,
            "context_type": "opportunity",
            "kind": "idea",
            "language": "fr",
            "received": utc(french),
            "title": "Données ouvertes",
            "comment": "Publiez les données.",
            "translation_language": "en",
            "translation": "Publish the data.",
            "campaign": "campaign-1",
            "campaign_size": 42,
            "url": f"{SITE}/fr/participate/ideas/{french.pk}/",
        },
        # The hidden idea is neither named nor linked: the comment falls back to its process.
        base
        | {
            "row": on_hidden.pk,
            "context_type": "opportunity",
            "kind": "comment",
            "received": utc(on_hidden),
            "comment": "A comment on a hidden idea.",
            "url": f"{SITE}/en/processes/{slug}/",
        },
        base
        | {
            "row": quoted.pk,
            "phase": "development",
            "context_type": "opportunity",
            "kind": "idea",
            "received": "2018-02-01T09:30:05Z",
            "title": 'Budget, "open" by default',
            "comment": 'Line one,\r\nline two with a "quote"\nand a\rcarriage return.',
            "votes": 3,
            "url": f"{SITE}/en/participate/ideas/{quoted.pk}/",
        },
        base
        | {
            "row": formulas.pk,
            "context_type": "opportunity",
            "kind": "idea",
            "language": "fr",
            "received": "2018-02-01T09:30:05Z",
            "title": "\tTabbed title",
            "comment": "-10, then =SUM(A1)",
            # Of two translations, the first by language code.
            "translation_language": "en",
            "translation": 'English, "translated"',
            # The first primary link in plan order; every other link is secondary.
            "primary_commitment": "c0",
            "secondary_commitments": "c9;c2",
            "primary_theme": "mid",
            # Confirmed codings in codebook order (position, then creation of the theme).
            "themes": "zeta;alpha;mid",
            "response_en": "+ Good idea, thanks",
            "response_fr": 'Réponse "française"',
            "url": f"{SITE}/fr/participate/ideas/{formulas.pk}/",
        },
        *(
            base
            | {
                "row": broken.pk,
                "context_type": "opportunity",
                "kind": "idea",
                "received": "2018-02-01T09:30:05Z",
                "title": broken.title,
                "comment": broken.text,
                "url": f"{SITE}/en/participate/ideas/{broken.pk}/",
            }
            for broken in awkward["breaks"]
        ),
        *(
            base
            | {
                "row": copy.pk,
                "context_type": "opportunity",
                "kind": "comment",
                "received": "2018-02-01T09:30:05Z",
                "comment": "Same letter",
                "campaign": "letter-7",
                "campaign_size": 2,
                "url": f"{SITE}/en/processes/{slug}/",
            }
            for copy in grouped
        ),
        base
        | {
            "row": on_commitment.pk,
            "context_type": "commitment",
            "context_en": "c0 – Open data for c0",
            "context_fr": "c0 – Données ouvertes pour c0",
            "kind": "comment",
            "language": "fr",
            "received": "2018-02-01T09:30:05Z",
            "comment": "About c0",
            "url": f"{SITE}/en/commitments/{slug}/c0/",
        },
        base
        | {
            "row": feedback.pk,
            "opportunity": "",
            "context_type": "web_page",
            "context_en": "/en/about/?a=1,2",
            "context_fr": "/en/about/?a=1,2",
            "kind": "page_feedback",
            "received": "2018-02-01T09:30:05Z",
            "comment": "Useful page",
            "url": f"{SITE}/en/about/?a=1,2",
        },
    ]
    return [tuple(row[key] for key in CONTRIBUTIONS.keys) for row in rows]


def test_every_value_of_the_table(awkward):
    """Each column of each row, generated from the records: nothing invented, nothing private."""
    got = table(awkward["process"])
    assert [dict(zip(CONTRIBUTIONS.keys, row, strict=True)) for row in got] == [
        dict(zip(CONTRIBUTIONS.keys, row, strict=True)) for row in expected_table(awkward)
    ]
    assert not any(secret in repr(got) for secret in SECRETS.values())


def test_the_csv_is_the_table_as_the_csv_module_writes_it(awkward, tmp_path):
    """The fast CSV path (quoting and formula neutralising done by the database) writes, byte
    for byte, what csv.writer writes from the rows the JSON and XLSX files are made of."""
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(CONTRIBUTIONS.headers)
    free = [i for i, column in enumerate(CONTRIBUTIONS.columns) if column.free_text]
    writer.writerows(neutralised(expected_table(awkward), free))
    assert written_csv(awkward["process"], tmp_path) == expected.getvalue()


def test_csv_quoting_and_formulas_in_the_file(awkward, tmp_path):
    text = written_csv(awkward["process"], tmp_path)
    quoted = awkward["quoted"]
    assert (
        f"{quoted.pk},{awkward['process'].slug},development,ideas,web,opportunity,,,idea,en,"
        '2018-02-01T09:30:05Z,"Budget, ""open"" by default","Line one,\r\nline two with a '
        '""quote""\nand a\rcarriage return.",,,3,,,,,,,,,,'
        f"{SITE}/en/participate/ideas/{quoted.pk}/\r\n"
    ) in text
    assert (
        "2018-02-01T09:30:05Z,'\tTabbed title,\"'-10, then =SUM(A1)\",en,"
        '"English, ""translated""",0,c0,c9;c2,mid,zeta;alpha;mid,,,,"\'+ Good idea, thanks",'
        '"Réponse ""française"""'
    ) in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == CONTRIBUTIONS.headers
    assert len(rows) == 1 + len(expected_table(awkward))


def test_chunk_boundaries_change_nothing(awkward, tmp_path, monkeypatch):
    """Rows and related records read per chunk: cutting the table anywhere gives the same file."""
    whole = table(awkward["process"]), written_csv(awkward["process"], tmp_path)
    monkeypatch.setattr(opendata_rows, "CHUNK", 2)
    assert (table(awkward["process"]), written_csv(awkward["process"], tmp_path)) == whole


def test_a_published_version_holds_the_same_rows_in_csv_and_json(
    awkward, django_capture_on_commit_callbacks
):
    """The task writes the CSV lines and the JSON rows read by the same queries."""
    import json

    from django.conf import settings

    from coplan.opendata import services

    with django_capture_on_commit_callbacks(execute=True):
        version = services.dataset_version_request(process=awkward["process"], kind="contributions")
    files = {f.format: Path(settings.MEDIA_ROOT) / f.path for f in version.files.all()}
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(CONTRIBUTIONS.headers)
    free = [i for i, column in enumerate(CONTRIBUTIONS.columns) if column.free_text]
    writer.writerows(neutralised(expected_table(awkward), free))
    assert files["csv"].read_bytes().decode("utf-8") == expected.getvalue()
    items = json.loads(files["json"].read_text("utf-8"))["items"]
    assert items == [
        dict(zip(CONTRIBUTIONS.keys, row, strict=True)) for row in expected_table(awkward)
    ]


@pytest.fixture
def trickier(awkward):
    """More values PostgreSQL's CSV writer could treat differently from csv.writer: every
    formula start, a lone backslash and a COPY end marker, spaces, non-ASCII text, a context
    whose name needs quoting and neutralising, a page outside the site, an empty title, a
    contribution on the process as a whole."""
    from coplan.contributions.models import Channel

    process = awkward["process"]
    opportunity = awkward["idea"].opportunity
    made = [
        ContributionFactory(opportunity=opportunity, title=title, text=text, received_at=WHEN)
        for title, text in [
            ("=1+1", "+33 1 23 45 67 89"),
            ("-minus", "@mention"),
            ("\rreturn first", "\ttab first"),
            ("\\.", "\\"),
            (" spaced ", "  "),
            ("Ça, « guillemets »", 'Élan "vital"\r\n— fin'),
            ("", "'already quoted"),
            ('"', ","),
            ("\n", "\r"),
        ]
    ]
    commitment = make_commitment(process, identifier="c7", position=9)
    commitment.title_en = '=Evil, "named" commitment'
    commitment.save()
    made.append(
        comment_on(
            commitment, opportunity=opportunity, text="-About it", language="fr", received_at=WHEN
        )
    )
    ContributionLink.objects.create(contribution=made[0], commitment=commitment, relation="primary")
    ContributionAssessment.objects.create(
        contribution=made[1], response_en="", response_fr="\r\n@réponse"
    )
    ContributionTranslation.objects.create(contribution=made[2], language="fr", text="")
    made += [
        Contribution.objects.create(
            process=process,
            kind=kind,
            text=text,
            page_url=page_url,
            channel=Channel.values[-1],
            language=language,
            consent_to_publish=True,
            moderation_state="published",
            received_at=WHEN,
        )
        for kind, text, page_url, language in [
            (Kind.PAGE_FEEDBACK, "Outside", "https://elsewhere.example/x", "fr"),
            (Kind.PAGE_FEEDBACK, "Formula page", "=cmd|' /C calc'!A0", "en"),
            (Kind.COMMENT, "On the process", "", "fr"),
            (Kind.IDEA, "A French idea without opportunity", "", "fr"),
        ]
    ]
    return {**awkward, "trickier": made}


@postgresql_only
def test_postgresql_copy_writes_the_python_paths_bytes(trickier, tmp_path, monkeypatch):
    """On PostgreSQL the CSV lines come from COPY: the same bytes as the Python path, and as
    csv.writer over the neutralised rows, for every column and every awkward value."""
    process = trickier["process"]
    python = "".join(line for lines in opendata_rows.python_csv_chunks(process) for line in lines)
    expected = io.StringIO()
    free = [i for i, column in enumerate(CONTRIBUTIONS.columns) if column.free_text]
    csv.writer(expected).writerows(neutralised(table(process), free))
    assert python == expected.getvalue()
    assert len(table(process)) == len(expected_table(trickier)) + len(trickier["trickier"])

    # The build takes the COPY path: the Python formatting is never called.
    def python_path(*args, **kwargs):
        raise AssertionError("the Python CSV path was used on PostgreSQL")

    monkeypatch.setattr(opendata_rows, "python_csv_chunks", python_path)
    monkeypatch.setattr(opendata_rows, "CHUNK", 3)
    chunks = list(opendata_rows.contribution_csv_chunks(process))
    assert all(len(lines) <= 3 for lines in chunks)
    assert "".join(line for lines in chunks for line in lines) == python
    assert written_csv(process, tmp_path).split("\r\n", 1)[1] == python


def _published_files(process, capture) -> dict:
    from django.conf import settings

    from coplan.opendata import services

    with capture(execute=True):
        version = services.dataset_version_request(process=process, kind="contributions")
    return {f.format: Path(settings.MEDIA_ROOT) / f.path for f in version.files.all()}


def _assert_files_hold_the_python_rows(process, files) -> None:
    import json

    python_rows = table(process)
    expected = io.StringIO()
    writer = csv.writer(expected)
    writer.writerow(CONTRIBUTIONS.headers)
    free = [i for i, column in enumerate(CONTRIBUTIONS.columns) if column.free_text]
    writer.writerows(neutralised(python_rows, free))
    assert files["csv"].read_bytes().decode("utf-8") == expected.getvalue()
    items = json.loads(files["json"].read_text("utf-8"))["items"]
    assert items == [dict(zip(CONTRIBUTIONS.keys, row, strict=True)) for row in python_rows]


@postgresql_only
def test_postgresql_build_files_hold_the_python_rows(
    trickier, django_capture_on_commit_callbacks, monkeypatch
):
    """A published version on PostgreSQL: CSV by COPY, JSON from the same SELECT's rows, both
    what the Python path makes (read here inside the test's transaction)."""
    monkeypatch.setattr(opendata_rows, "CHUNK", 4)
    files = _published_files(trickier["process"], django_capture_on_commit_callbacks)
    _assert_files_hold_the_python_rows(trickier["process"], files)


@postgresql_only
def test_postgresql_build_reads_one_snapshot_on_its_own_connection(
    transactional_db, trickier, django_capture_on_commit_callbacks, monkeypatch
):
    """Outside a transaction the build reads COPY and rows on a connection of its own, in one
    REPEATABLE READ snapshot: a contribution published between the two reads is in neither."""
    from django.db import connection

    process = trickier["process"]
    opened = []
    real_get_new = connection.get_new_connection

    def get_new(params):
        raw = real_get_new(params)
        opened.append(raw)
        return raw

    monkeypatch.setattr(connection, "get_new_connection", get_new)
    real_copied = opendata_rows._copied_lines
    late = {}

    def copied_then_publish(raw, select, named):
        yield from real_copied(raw, select, named)
        # Committed by the main connection after the COPY, before the rows are read.
        late["contribution"] = ContributionFactory(
            opportunity=trickier["idea"].opportunity, text="Published late", received_at=WHEN
        )

    monkeypatch.setattr(opendata_rows, "_copied_lines", copied_then_publish)
    files = _published_files(process, django_capture_on_commit_callbacks)
    assert len(opened) == 1 and opened[0].closed
    late["contribution"].delete()
    _assert_files_hold_the_python_rows(process, files)
