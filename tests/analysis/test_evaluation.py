"""Reading a labelled CSV or XLSX for the evaluation commands: one delimited label column or
several one-hot columns, and a clear error for every bad file."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.analysis.evaluation import read_labelled, read_rows


def write(tmp_path, content: str, name: str = "labelled.csv"):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def delimited(count: int = 10) -> str:
    labels = ["Budget;Données", "Budget", "Santé | Budget", "Cleanliness, tidiness"]
    rows = [f'"Text {n}","{labels[n % 4]}"' for n in range(count)]
    return "text,themes\n" + "\n".join(rows) + '\n"  ",Budget\n'


def test_one_delimited_column_gives_a_label_matrix(tmp_path):
    labelled = read_labelled(write(tmp_path, delimited()), text="text", labels=["themes"])
    assert labelled.labels == ["Budget", "Cleanliness, tidiness", "Données", "Santé"]
    assert len(labelled.texts) == 10  # the blank text is left out
    assert labelled.y.shape == (10, 4)
    assert labelled.y[0].tolist() == [1, 0, 1, 0]
    assert labelled.y[2].tolist() == [1, 0, 0, 1]


def test_one_hot_columns_accept_yes_and_no_in_both_languages(tmp_path):
    values = [
        "1,0",
        "oui,non",
        "x,",
        "vrai,faux",
        "yes,no",
        "0,1",
        "non,oui",
        ",y",
        "n,true",
        "0,1",
    ]
    path = write(tmp_path, "text,a,b\n" + "\n".join(f"T{n},{v}" for n, v in enumerate(values)))
    labelled = read_labelled(path, text="text", labels=["a", "b"])
    assert labelled.labels == ["a", "b"]
    assert labelled.y[:, 0].tolist() == [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    assert labelled.y[:, 1].tolist() == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]


@pytest.mark.parametrize(
    ("content", "labels", "english", "french"),
    [
        ("text,themes\n", ["themes"], "no rows", "aucune ligne"),
        ("text,themes\nA,b\n", ["topics"], "No column “topics”", "Aucune colonne"),
        ("text,themes\n" + "A,b\n" * 9, ["themes"], "At least 10", "Au moins 10"),
        ("text,themes\n" + "A,b\n" * 10, ["themes"], "two different", "deux"),
        ("text,a,b\n" + "A,1,0\n" * 9 + "A,maybe,0\n", ["a", "b"], "Row 11", "Ligne 11"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(tmp_path, content, labels, english, french):
    path = write(tmp_path, content)
    for language, words in (("en", english), ("fr", french)):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            read_labelled(path, text="text", labels=labels)
        assert words.lower() in refused.value.messages[0].lower(), refused.value.messages


def test_a_missing_or_unreadable_file_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(ValidationError, match="File not found"):
        read_rows(tmp_path / "absent.csv")
    with pytest.raises(ValidationError):
        read_rows(write(tmp_path, "not a workbook", name="broken.xlsx"))
