"""Retention: de-identification the day after the period, nothing the day before."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation

from coplan.accounts.models import User
from coplan.contributions.models import Contribution, ContributorContact
from coplan.notifications.models import Subscriber
from coplan.privacy import services
from coplan.privacy.models import RetentionRun
from coplan.privacy.retention import add_months, retention_ends_on
from tests.accounts.factories import UserFactory

COMPLETED = datetime.date(2020, 6, 30)
LAST_DAY = datetime.date(2021, 12, 30)  # 18 months after completion


def _contribute(process, *, author=None, name="Jane Roe", email="jane@example.org", text="Idea"):
    contribution = Contribution.objects.create(
        process=process, kind="idea", text=text, author=author
    )
    ContributorContact.objects.create(contribution=contribution, name=name, email=email)
    return contribution


def _running_process():
    """A process still under way: its last phase (implementation) has no end date yet."""
    from tests.processes.factories import ProcessFactory

    running = ProcessFactory(completed_on=None)
    running.phases.filter(kind="implementation").update(ends_on=None)
    return running


@pytest.fixture
def completed_process(process):
    process.completed_on = COMPLETED
    process.save()
    return process


def test_month_arithmetic():
    assert add_months(datetime.date(2020, 6, 30), 18) == datetime.date(2021, 12, 30)
    assert add_months(datetime.date(2020, 8, 31), 18) == datetime.date(2022, 2, 28)
    assert add_months(datetime.date(2022, 1, 15), -18) == datetime.date(2020, 7, 15)
    assert retention_ends_on(COMPLETED, 18) == LAST_DAY


@pytest.mark.django_db
def test_nothing_is_touched_on_the_last_day(completed_process):
    contribution = _contribute(completed_process)
    with time_machine.travel(datetime.datetime(2021, 12, 30, 12, tzinfo=datetime.UTC)):
        run = services.retention_run()
    contact = ContributorContact.objects.get(contribution=contribution)
    assert (contact.name, contact.email) == ("Jane Roe", "jane@example.org")
    assert run.counts == {}


@pytest.mark.django_db
def test_day_after_personal_fields_are_erased_and_text_and_counts_kept(completed_process, process):
    author = UserFactory(email="author@example.org", display_name="Author Name")
    contribution = _contribute(completed_process, author=author, text="Open data, please")
    Contribution.objects.filter(pk=contribution.pk).update(support_count=7)
    before = Contribution.objects.filter(process=completed_process).count()
    with time_machine.travel(datetime.datetime(2021, 12, 31, 12, tzinfo=datetime.UTC)):
        run = services.retention_run()
    contact = ContributorContact.objects.get(contribution=contribution)
    assert (contact.name, contact.email) == ("", "")
    assert contact.deidentified_at is not None
    contribution.refresh_from_db()
    assert contribution.text == "Open data, please"
    assert contribution.support_count == 7
    assert contribution.author_id is None  # what was written stays; who wrote it does not
    assert Contribution.objects.filter(process=completed_process).count() == before
    author.refresh_from_db()
    assert not author.is_active
    assert author.email == f"deidentified-{author.pk}@invalid"
    assert author.display_name == ""
    assert not author.has_usable_password()
    assert run.counts == {
        "contributions.ContributorContact": 1,
        "contributions.Contribution": 1,
    }
    assert run.accounts_deactivated == 1
    # The record of the run holds counts, never a name or an address.
    stored = str(RetentionRun.objects.values().get(pk=run.pk))
    assert "jane" not in stored.lower() and "author" not in stored.lower()


@pytest.mark.django_db
def test_idempotent(completed_process):
    _contribute(completed_process)
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12, tzinfo=datetime.UTC)):
        first = services.retention_run()
        second = services.retention_run()
    assert first.total == 1
    assert second.counts == {} and second.accounts_deactivated == 0


@pytest.mark.django_db
def test_process_specific_period_and_open_processes(process):
    from tests.processes.factories import ProcessFactory

    longer = ProcessFactory(completed_on=COMPLETED, retention_months=36)
    running = _running_process()
    kept_long = _contribute(longer, email="long@example.org")
    kept_running = _contribute(running, email="running@example.org")
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12, tzinfo=datetime.UTC)):
        services.retention_run()
    assert ContributorContact.objects.get(contribution=kept_long).email == "long@example.org"
    assert ContributorContact.objects.get(contribution=kept_running).email == "running@example.org"


@pytest.mark.django_db
def test_accounts_with_other_activity_or_staff_are_kept(completed_process, moderator):

    running = _running_process()
    both = UserFactory()
    _contribute(completed_process, author=both)
    _contribute(running, author=both, email="b2@example.org")
    _contribute(completed_process, author=moderator, email="m@example.org")
    bystander = UserFactory()
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12, tzinfo=datetime.UTC)):
        run = services.retention_run()
    assert run.accounts_deactivated == 0
    for user in (both, moderator, bystander):
        user.refresh_from_db()
        assert user.is_active


@pytest.mark.django_db
def test_dry_run_command_says_what_it_would_do_and_changes_nothing(completed_process):
    contribution = _contribute(completed_process)
    out = io.StringIO()
    call_command("privacy", "retention", "--dry-run", "--date", "2022-01-01", stdout=out)
    assert "contributions.ContributorContact: would de-identify 1 record(s)" in out.getvalue()
    assert ContributorContact.objects.get(contribution=contribution).email == "jane@example.org"
    assert RetentionRun.objects.get().dry_run
    out = io.StringIO()
    call_command("privacy", "retention", "--date", "2022-01-01", stdout=out)
    assert "de-identified 1 record(s)" in out.getvalue()
    assert ContributorContact.objects.get(contribution=contribution).email == ""


@pytest.mark.django_db
def test_unique_emails_get_unique_placeholders():
    """Unsubscribed subscribers are de-identified 18 months later; emails stay unique."""
    now = timezone.now()
    old = now - datetime.timedelta(days=600)
    first = Subscriber.objects.create(email="a@example.org", unsubscribed_at=old)
    second = Subscriber.objects.create(email="b@example.org", unsubscribed_at=old)
    active = Subscriber.objects.create(email="c@example.org", confirmed_at=old)
    services.retention_run()
    first.refresh_from_db()
    second.refresh_from_db()
    active.refresh_from_db()
    assert first.email == f"deidentified-{first.pk}@invalid"
    assert second.email == f"deidentified-{second.pk}@invalid"
    assert active.email == "c@example.org"


@pytest.mark.django_db
def test_user_model_is_untouched_without_records():
    user = UserFactory(email="keep@example.org")
    services.retention_run(today=datetime.date(2030, 1, 1))
    assert User.objects.get(pk=user.pk).email == "keep@example.org"


@pytest.mark.django_db
def test_clock_starts_by_itself_at_the_end_of_the_last_phase():
    """Nobody sets a completion date: the period runs from the end of the last phase, and the
    day after it ends the contacts are de-identified (the day before, nothing is touched)."""
    from tests.processes.factories import ProcessFactory

    process = ProcessFactory(completed_on=None)
    last_phase_ends = process.phases.get(kind="implementation").ends_on
    assert process.retention_starts_on() == last_phase_ends
    contribution = _contribute(process, email="clock@example.org")
    last_day = retention_ends_on(last_phase_ends, 18)
    with time_machine.travel(datetime.datetime.combine(last_day, datetime.time(12), datetime.UTC)):
        services.retention_run()
    assert ContributorContact.objects.get(contribution=contribution).email == "clock@example.org"
    next_day = last_day + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(next_day, datetime.time(12), datetime.UTC)):
        services.retention_run()
    assert ContributorContact.objects.get(contribution=contribution).email == ""


@pytest.mark.django_db
def test_closing_early_starts_the_clock_then_and_open_ended_phases_keep_running():
    """Staff closing a process before its last phase ends start the clock on that day; an
    open-ended last phase keeps the process running until staff mark it completed, when its
    planned end date counts."""
    from coplan.processes.models import Process
    from tests.processes.factories import ProcessFactory

    closed_early = ProcessFactory(completed_on=datetime.date(2018, 1, 15))
    assert closed_early.retention_starts_on() == datetime.date(2018, 1, 15)
    running = _running_process()
    assert running.retention_starts_on() is None
    early = _contribute(closed_early, email="early@example.org")
    kept = _contribute(running, email="kept@example.org")
    # 18 months after 2018-01-15 is 2019-07-15; the last phase would have ended 2018-09-27.
    with time_machine.travel(datetime.datetime(2019, 8, 1, 12, tzinfo=datetime.UTC)):
        services.retention_run()
    assert ContributorContact.objects.get(contribution=early).email == ""
    assert ContributorContact.objects.get(contribution=kept).email == "kept@example.org"
    Process.objects.filter(pk=running.pk).update(status=Process.Status.COMPLETED)
    running.refresh_from_db()
    assert running.retention_starts_on() == running.ends_on
    with time_machine.travel(datetime.datetime(2022, 1, 1, 12, tzinfo=datetime.UTC)):
        services.retention_run()
    assert ContributorContact.objects.get(contribution=kept).email == ""


@pytest.mark.django_db
def test_privacy_statement_shows_when_the_activity_ended_without_a_completion_date(client):
    """The statement gives the end of the activity and the last day of the period, worked out
    from the phases."""
    from tests.processes.factories import ProcessFactory

    process = ProcessFactory(completed_on=None)
    from django.urls import reverse

    with translation.override("en"):
        url = reverse("privacy:statement", kwargs={"slug": process.slug})
    response = client.get(url)
    assert response.status_code == 200
    ended = process.phases.get(kind="implementation").ends_on
    page = response.content.decode()
    assert f"This activity ended on {ended:%B} {ended.day}, {ended.year}" in page


@pytest.mark.django_db
def test_text_sent_as_it_is_keeps_its_words_but_not_its_personal_details(completed_process):
    """A contribution whose author sent a SIN "as it is" keeps only the masked text after
    retention (a moderator's hand masking kept), its provenance loses file names and Message-IDs,
    its email reference becomes a digest; a dry run counts it and changes nothing; a second run
    changes nothing."""
    from coplan.privacy.deidentify import reference_digest

    contribution = Contribution.objects.create(
        process=completed_process,
        kind="submission",
        channel="email",
        external_ref="<jane.roe@example.org>",
        title="From Jane Roe",
        text="Jane Roe here, SIN 046 454 286.",
        redacted_title="From [name removed]",
        redacted_text="[name removed] here, SIN [SIN removed].",
        provenance={"source": "email_file", "file": "jane-roe.mbox", "message_id": "<j@x>"},
        page_url="",
    )
    public_before = contribution.public_text
    day = datetime.datetime(2022, 1, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(day):
        dry = services.retention_run(dry_run=True)
        assert dry.counts["contributions.Contribution"] == 1
        assert Contribution.objects.get(pk=contribution.pk).text == contribution.text
        services.retention_run()
        contribution.refresh_from_db()
        assert "046" not in contribution.text and "Jane" not in contribution.text
        assert contribution.text.startswith("[name removed] here")
        assert contribution.title == "From [name removed]"
        assert (contribution.redacted_text, contribution.redacted_title) == ("", "")
        assert contribution.public_text == public_before
        assert contribution.provenance == {"source": "email_file"}
        assert contribution.external_ref == reference_digest("<jane.roe@example.org>")
        assert services.retention_run().counts == {}
