"""CSV lines formatted column by column (opendata.csv_lines): csv.writer's bytes, faster."""

from __future__ import annotations

import csv
import io

from coplan.opendata.spec import INTEGER, Column


def test_csv_lines_are_what_csv_writer_writes():
    """Fields formatted column by column (codes once per value, plain text as it is) give the
    bytes csv.writer gives, formulas neutralised in free text, for any mix of awkward values."""
    import random

    from coplan.opendata.csv_lines import csv_lines
    from coplan.opendata.spec import STRING
    from coplan.opendata.writers import neutralise

    rng = random.Random(19)
    alphabet = ["a", "é", " ", ",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'", "\\"]
    columns = [
        Column("n", "n", INTEGER, "n"),
        Column("code", "code", STRING, "code"),
        Column("text", "text", STRING, "text", free_text=True),
        Column("plain", "plain", STRING, "plain"),
    ]
    size = 400
    values = [
        [rng.choice([None, 0, 7, 123456789]) for _ in range(size)],
        # Few distinct values: formatted once per value.
        [rng.choice(["", "web", "a,b", 'q"', None]) for _ in range(size)],
        # Many distinct values: formatted one by one.
        ["".join(rng.choices(alphabet, k=rng.randrange(0, 8))) for _ in range(size)],
        ["".join(rng.choices(alphabet, k=rng.randrange(0, 8))) for _ in range(size)],
    ]
    expected = io.StringIO()
    writer = csv.writer(expected)
    for n, code, text, plain in zip(*values, strict=True):
        writer.writerow([n, code, neutralise(text), plain])
    assert "".join(csv_lines(columns, values)) == expected.getvalue()


def test_csv_format_gives_csv_writers_bytes_once_values_stop_repeating():
    """A build's formatting caches each column's cells while its values repeat and formats
    them one by one once they stop (comments, addresses), and writes a chunk's columns of one
    value once: all give csv.writer's bytes."""
    import random

    from coplan.opendata.csv_lines import CACHE_LIMIT, CsvFormat
    from coplan.opendata.spec import STRING
    from coplan.opendata.writers import neutralise

    rng = random.Random(1900)
    alphabet = ["a", "é", " ", ",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "'"]
    columns = [
        Column("n", "n", INTEGER, "n"),
        Column("text", "text", STRING, "text", free_text=True),
        Column("plain", "plain", STRING, "plain"),
        Column("same", "same", STRING, "same"),
        Column("none", "none", INTEGER, "none"),
        Column("blank", "blank", STRING, "blank", free_text=True),
    ]
    csv_format = CsvFormat(columns)
    size = CACHE_LIMIT + 500
    expected = io.StringIO()
    writer = csv.writer(expected)
    written = []
    for _chunk in range(3):
        values = [
            [rng.choice([None, 3, rng.randrange(10**9)]) for _ in range(size)],
            ["".join(rng.choices(alphabet, k=rng.randrange(0, 12))) for _ in range(size)],
            ["".join(rng.choices(alphabet, k=rng.randrange(0, 12))) for _ in range(size)],
            ['=a,"b"'] * size,
            [None] * size,
            [rng.choice(["", "=x"])] * size,
        ]
        written.extend(csv_format(values))
        for n, text, plain, same, none, blank in zip(*values, strict=True):
            writer.writerow([n, neutralise(text), plain, same, none, neutralise(blank)])
    assert all(formatter.cells is None for formatter in csv_format.formatters[1:3])
    assert "".join(written) == expected.getvalue()
