"""`coplan analysis evaluate|campaigns` on any labelled CSV, with clear errors for bad files."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from coplan.analysis import synthetic
from coplan.analysis.codebook import corpus_path


def run(*args) -> str:
    out = io.StringIO()
    call_command("analysis", *args, stdout=out)
    return out.getvalue()


@pytest.mark.slow
def test_evaluate_on_the_corpus_delimited_column():
    output = run(
        "evaluate", str(corpus_path()), "--text", "text", "--labels", "themes", "--rounds", "20"
    )
    assert "519 texts, 10 labels" in output
    assert "Baseline (TF-IDF words, linear SVM)" in output
    assert "macro_f1" in output and "95% CI" in output and "samples_f1" in output


def test_evaluate_one_hot_columns(tmp_path):
    rows = synthetic.corpus_rows()[:160]
    labels = ["open-data", "access-to-information", "privacy-security"]
    path = tmp_path / "onehot.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["body", *labels])
        for row in rows:
            themes = row["themes"].split(";")
            writer.writerow([row["text"], *[int(label in themes) for label in labels]])
    output = run(
        "evaluate", str(path), "--text", "body", "--labels", ",".join(labels), "--rounds", "10"
    )
    assert "160 texts, 3 labels" in output
    assert "32 test" in output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"text,labels\n", "no rows"),
        (b"text,labels\nbad \x81\x8d bytes,x\n", "byte 16 cannot be read"),
        (b"a,b\n1,2\n", "No column"),
        (b"text,labels\n" + b"hello,x\n" * 5, "At least 10"),
        (b"text,labels\n" + b"hello,x\n" * 12, "two different labels"),
    ],
)
def test_evaluate_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("evaluate", str(path), "--text", "text", "--labels", "labels")


def test_evaluate_bad_one_hot_value(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("text,a,b\n" + "hello there,1,maybe\n" * 12, encoding="utf-8")
    with pytest.raises(CommandError, match="not 0 or 1"):
        run("evaluate", str(path), "--text", "text", "--labels", "a,b")


def test_evaluate_missing_file():
    with pytest.raises(CommandError, match="File not found"):
        run("evaluate", "/nonexistent.csv", "--text", "t", "--labels", "l")


def test_campaigns_command_reports_precision_and_recall(tmp_path):
    texts, truth = synthetic.campaigns(
        letters=4, singles=[r["text"] for r in synthetic.corpus_rows()[100:200]]
    )
    path = tmp_path / "campaigns.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "group"])
        writer.writerows(zip(texts, truth, strict=True))
    output = run("campaigns", str(path), "--text", "text", "--groups", "group")
    assert "4 groups of near-duplicates" in output
    assert "pairwise precision 1.000, recall 1.000" in output
    with pytest.raises(CommandError):
        run("campaigns", str(path), "--text", "nope")


def _write_standard_csv(path, rows, **options) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, **options)
        writer.writerow(["text", "themes"])
        writer.writerows(rows)


def test_evaluate_reads_doubled_quotes_and_labels_holding_commas(tmp_path):
    """RFC 4180 quoting is kept (a text with "" stays one row with its own labels) and a label
    holding a comma stays one label; several labels are split on ; or | only."""
    rows = []
    for number in range(30):
        first = number % 2 == 0
        text = (
            f'The nurse said ""wash your hands"", then left; ward {number} was ""spotless"".'
            if first
            else f"Waited {number} hours, then the doctor was rude, again."
        )
        themes = (
            "Cleanliness, tidiness & infection control" if first else "Waiting times|Staff attitude"
        )
        rows.append([text.replace('""', '"'), themes])
    path = tmp_path / "excel.csv"
    _write_standard_csv(path, rows)
    output = run("evaluate", str(path), "--text", "text", "--labels", "themes", "--rounds", "10")
    assert "30 texts, 3 labels" in output
    assert "Cleanliness, tidiness & infection control" in output


def test_evaluate_reads_a_french_excel_semicolon_file_and_xlsx(tmp_path):
    """French Excel's semicolon CSV (Windows-1252) and an XLSX workbook give the same table."""
    from openpyxl import Workbook

    rows = [
        [f"Texte numéro {number}, avec une virgule", "Santé" if number % 2 else "Économie"]
        for number in range(20)
    ]
    semicolon = tmp_path / "excel-fr.csv"
    semicolon.write_bytes(
        ("texte;thème\r\n" + "".join(f"{a};{b}\r\n" for a, b in rows)).encode("cp1252")
    )
    workbook = Workbook()
    workbook.active.append(["texte", "thème"])
    for row in rows:
        workbook.active.append(row)
    xlsx = tmp_path / "classeur.xlsx"
    workbook.save(xlsx)
    for path in (semicolon, xlsx):
        output = run(
            "evaluate", str(path), "--text", "texte", "--labels", "thème", "--rounds", "10"
        )
        assert "20 texts, 2 labels" in output
