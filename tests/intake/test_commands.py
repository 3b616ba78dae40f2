"""The intake command (intake.management.commands.intake): files imported from the command
line with a progress bar, and clear errors for bad arguments."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from coplan.contributions.models import Contribution
from coplan.core.models import JobProgress
from coplan.intake.models import ImportRun

pytestmark = pytest.mark.django_db


def test_notes_command_shows_a_progress_bar(process, tmp_path, capsys):
    path = tmp_path / "notes.csv"
    path.write_text(
        "text,topic\nPublish the budget as open data please,Budget\n"
        "Publier les données sur les contrats chaque mois,Contrats\n",
        encoding="utf-8",
    )
    call_command("intake", "notes", "--process", process.slug, str(path))
    captured = capsys.readouterr()
    assert "2 read, 2 imported" in captured.out
    assert "2/2" in captured.err  # the bar reached the end
    run = ImportRun.objects.get()
    assert run.progress.total == 2 and run.progress.done == 2
    assert run.progress.state == JobProgress.State.DONE
    assert Contribution.objects.filter(channel="in_person").count() == 2


def test_file_arguments_need_a_process(tmp_path):
    with pytest.raises(CommandError, match="--process"):
        call_command("intake", "email", str(tmp_path / "x.eml"))


def test_command_with_mapping_and_failure_exit(process, tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text("id,message,date\n7,Open data for all please,2018-01-01\n")
    call_command(
        "intake",
        "social",
        "--process",
        process.slug,
        "--preset",
        "facebook",
        "--map",
        "text=message",
        str(path),
    )
    assert Contribution.objects.get().external_ref == "facebook:7"
    path.write_bytes(b"id,date\n7,2018\n")
    with pytest.raises(CommandError, match="Column not found"):
        call_command("intake", "social", "--process", process.slug, str(path))
    with pytest.raises(CommandError, match="FIELD=COLUMN"):
        call_command("intake", "social", "--process", process.slug, "--map", "oops", str(path))
