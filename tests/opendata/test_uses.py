"""The uses stored for PostgreSQL's CSV build (opendata.uses) stay in step with every change
to the records they come from: after each kind of change, COPY writes what the Python path,
which reads the records themselves, writes. CI runs this module on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from coplan.analysis.models import (
    Campaign,
    CampaignMember,
    Coding,
    ContributionAssessment,
    ContributionTranslation,
    Disposition,
    Theme,
)
from coplan.commitments.models import Commitment, ContributionLink
from coplan.contributions.models import Contribution
from coplan.opendata import rows as opendata_rows
from coplan.opendata import uses

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stored uses exist on PostgreSQL only"
)


def test_the_triggers_follow_every_table_the_python_path_reads():
    """The Python path (rows._contribution_chunks) reads the uses from these models; the
    stored copy must be noted on changes to each of them, and to each looked-up value."""
    direct = {
        model._meta.db_table
        for model in (
            Coding,
            ContributionAssessment,
            CampaignMember,
            ContributionTranslation,
            ContributionLink,
        )
    }
    assert set(uses._DIRECT) == direct
    looked_up = {
        Theme: {"code", "position"},
        Disposition: {"code"},
        Campaign: {"key", "size"},
        Commitment: {"identifier", "position"},
    }
    assert {model._meta.db_table: columns for model, columns in looked_up.items()} == {
        table: set(columns) for table, (columns, _sql) in uses._LOOKED_UP.items()
    }
    for model, columns in looked_up.items():
        assert all(model._meta.get_field(column).column == column for column in columns)


def copied(process) -> str:
    return "".join(
        line for lines in opendata_rows.contribution_csv_chunks(process) for line in lines
    )


def python(process) -> str:
    return "".join(line for lines in opendata_rows.python_csv_chunks(process) for line in lines)


def assert_in_step(process) -> str:
    text = copied(process)
    assert text == python(process)
    return text


def stored(contribution) -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT themes, primary_theme, disposition, primary_commitment, "
            "secondary_commitments, campaign, campaign_size, translation_language "
            "FROM opendata_contribution_use WHERE contribution_id = %s",
            [contribution.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    keys = ("themes", "primary_theme", "disposition", "primary", "secondary", "campaign")
    return dict(zip((*keys, "size", "translation"), row, strict=True))


def noted() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT contribution_id FROM opendata_contribution_use_stale")
        return {row[0] for row in cursor.fetchall()}


@postgresql_only
def test_codings_added_confirmed_and_removed(awkward):  # noqa: F811
    process, quoted = awkward["process"], awkward["quoted"]
    assert_in_step(process)
    unconfirmed = Coding.objects.get(contribution=quoted)
    assert stored(quoted) is None
    Coding.objects.filter(pk=unconfirmed.pk).update(confirmed=True)
    assert quoted.pk in noted()
    assert_in_step(process)
    assert stored(quoted)["themes"] == "mid"
    assert not noted()
    # Many at once, as the analysis pipeline writes them.
    themes = list(Theme.objects.filter(process=process))
    Coding.objects.bulk_create(
        Coding(contribution=contribution, theme=theme)
        for contribution in awkward["breaks"]
        for theme in themes
    )
    assert {c.pk for c in awkward["breaks"]} <= noted()
    assert_in_step(process)
    assert stored(awkward["breaks"][0])["themes"] == "open-data;budget;zeta;alpha;mid"
    Coding.objects.filter(contribution__in=awkward["breaks"]).delete()
    Coding.objects.filter(contribution=quoted).delete()
    assert_in_step(process)
    # Nothing left to say about them: their rows are gone, not kept empty.
    assert stored(quoted) is None and stored(awkward["breaks"][0]) is None


@postgresql_only
def test_theme_code_order_and_deletion(awkward):  # noqa: F811
    process, formulas = awkward["process"], awkward["formulas"]
    assert_in_step(process)
    Theme.objects.filter(code="zeta").update(position=9)
    assert_in_step(process)
    assert stored(formulas)["themes"] == "alpha;mid;zeta"
    # A rename reaches the codings and the assessments that name the theme.
    Theme.objects.filter(code="mid").update(code="middle")
    assert_in_step(process)
    assert stored(formulas)["themes"] == "alpha;middle;zeta"
    assert stored(formulas)["primary_theme"] == "middle"
    # A change of name only (not in the data set) notes nothing.
    Theme.objects.filter(code="alpha").update(name_en="Alpha renamed")
    assert not noted()
    Theme.objects.get(code="middle").delete()
    assert_in_step(process)
    assert stored(formulas)["themes"] == "alpha;zeta"
    assert stored(formulas)["primary_theme"] is None


@postgresql_only
def test_assessments_and_dispositions(awkward):  # noqa: F811
    process, idea, quoted = awkward["process"], awkward["idea"], awkward["quoted"]
    assert_in_step(process)
    Disposition.objects.filter(code="in-plan").update(code="included")
    assert_in_step(process)
    assert stored(idea)["disposition"] == "included"
    later = Disposition.objects.create(code="later", name_en="Later", name_fr="Plus tard")
    ContributionAssessment.objects.create(
        contribution=quoted, disposition=later, response_en="Later.", response_fr="Plus tard."
    )
    assert_in_step(process)
    assert stored(quoted)["disposition"] == "later"
    ContributionAssessment.objects.filter(contribution=quoted).update(response_fr="=Jamais")
    text = assert_in_step(process)
    assert "'=Jamais" in text
    ContributionAssessment.objects.filter(contribution=quoted).delete()
    assert_in_step(process)
    assert stored(quoted) is None


@postgresql_only
def test_commitment_links_identifiers_and_order(awkward):  # noqa: F811
    process, formulas, quoted = awkward["process"], awkward["formulas"], awkward["quoted"]
    assert_in_step(process)
    assert (stored(formulas)["primary"], stored(formulas)["secondary"]) == ("c0", "c9;c2")
    Commitment.objects.filter(process=process, identifier="c0").update(position=5)
    assert_in_step(process)
    assert (stored(formulas)["primary"], stored(formulas)["secondary"]) == ("c9", "c2;c0")
    Commitment.objects.filter(process=process, identifier="c2").update(identifier="c2b")
    assert_in_step(process)
    assert stored(formulas)["secondary"] == "c2b;c0"
    link = ContributionLink.objects.create(
        contribution=quoted,
        commitment=Commitment.objects.get(process=process, identifier="c1"),
        relation="secondary",
    )
    assert_in_step(process)
    assert (stored(quoted)["primary"], stored(quoted)["secondary"]) == (None, "c1")
    ContributionLink.objects.filter(pk=link.pk).update(relation="primary")
    assert_in_step(process)
    assert stored(quoted)["primary"] == "c1"
    link.delete()
    ContributionLink.objects.filter(contribution=formulas).delete()
    assert_in_step(process)
    assert stored(quoted) is None and stored(formulas)["primary"] is None


@postgresql_only
def test_campaigns_and_translations(awkward):  # noqa: F811
    process, french, quoted = awkward["process"], awkward["french"], awkward["quoted"]
    assert_in_step(process)
    Campaign.objects.filter(key="campaign-1").update(size=43, key="campaign-one")
    assert_in_step(process)
    assert (stored(french)["campaign"], stored(french)["size"]) == ("campaign-one", 43)
    CampaignMember.objects.create(
        campaign=Campaign.objects.get(key="campaign-one"), contribution=quoted, similarity=0.9
    )
    assert_in_step(process)
    assert stored(quoted)["campaign"] == "campaign-one"
    CampaignMember.objects.filter(contribution=french).delete()
    ContributionTranslation.objects.create(contribution=quoted, language="fr", text="Budget")
    assert_in_step(process)
    assert stored(quoted)["translation"] == "fr"
    ContributionTranslation.objects.filter(contribution=french).update(language="es")
    assert_in_step(process)
    assert stored(french)["translation"] == "es"
    ContributionTranslation.objects.filter(contribution=french).delete()
    assert_in_step(process)
    assert stored(french) is None


@postgresql_only
def test_a_deleted_contribution_leaves_nothing_behind(awkward):  # noqa: F811
    formulas = awkward["formulas"]
    assert_in_step(awkward["process"])
    assert stored(formulas) is not None
    Coding.objects.filter(contribution=formulas).update(confirmed=False)
    assert formulas.pk in noted()
    Contribution.objects.filter(pk=formulas.pk).delete()
    assert stored(formulas) is None and formulas.pk not in noted()
    assert_in_step(awkward["process"])


@postgresql_only
def test_the_periodic_refresh_takes_the_backlog(awkward):  # noqa: F811
    from coplan.core.scheduling import periodic_jobs
    from coplan.opendata.tasks import contribution_uses_refresh_task

    assert "opendata.uses" in {job.name for job in periodic_jobs()}
    Theme.objects.filter(code="zeta").update(position=9)
    assert awkward["formulas"].pk in noted()
    assert contribution_uses_refresh_task.call() >= 1
    assert not noted()
    assert stored(awkward["formulas"])["themes"] == "alpha;mid;zeta"


@postgresql_only
def test_lost_triggers_are_put_back_and_everything_refreshed(awkward):  # noqa: F811
    """A migration that rebuilt a table would lose its triggers: the post-migrate check puts
    them back and stores every contribution's uses again (changes made meanwhile included)."""
    process, formulas = awkward["process"], awkward["formulas"]
    assert_in_step(process)
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER opendata_use_update_analysis_theme ON analysis_theme")
    Theme.objects.filter(code="zeta").update(position=9)
    assert not noted()
    assert copied(process) != python(process)
    uses.after_migrate(sender=None, using="default")
    assert_in_step(process)
    assert stored(formulas)["themes"] == "alpha;mid;zeta"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'opendata\\_use\\_%%'")
        assert cursor.fetchone()[0] == len(uses._triggers())
