"""Retention: de-identification the day after the period, nothing the day before."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from coplan.accounts.models import User
from coplan.contributions.models import Contribution, ContributorContact
from coplan.notifications.models import Subscriber
from coplan.privacy import services
from coplan.privacy.models import AccessRequest, RetentionRun
from coplan.privacy.retention import add_months, retention_ends_on
from tests.accounts.factories import UserFactory

COMPLETED = datetime.date(2020, 6, 30)
LAST_DAY = datetime.date(2021, 12, 30)  # 18 months after completion


def _contribute(process, *, author=None, name="Jane Roe", email="jane@example.org", text="Idea"):
    contribution = Contribution.objects.create(
        process=process, kind="idea", text=text, redacted_text=text, author=author
    )
    ContributorContact.objects.create(contribution=contribution, name=name, email=email)
    return contribution


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
    running = ProcessFactory(completed_on=None)
    kept_long = _contribute(longer, email="long@example.org")
    kept_running = _contribute(running, email="running@example.org")
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12, tzinfo=datetime.UTC)):
        services.retention_run()
    assert ContributorContact.objects.get(contribution=kept_long).email == "long@example.org"
    assert ContributorContact.objects.get(contribution=kept_running).email == "running@example.org"


@pytest.mark.django_db
def test_accounts_with_other_activity_or_staff_are_kept(completed_process, moderator):
    from tests.processes.factories import ProcessFactory

    running = ProcessFactory(completed_on=None)
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
def test_client_hashes_are_erased_after_30_days():
    now = timezone.now()
    old = AccessRequest.objects.create(
        email="x@example.org", client_hash="a" * 32, requested_at=now - datetime.timedelta(days=31)
    )
    recent = AccessRequest.objects.create(
        email="y@example.org", client_hash="b" * 32, requested_at=now - datetime.timedelta(days=29)
    )
    run = services.client_hashes_run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.client_hash == "" and recent.client_hash == "b" * 32
    assert run.counts == {"privacy.AccessRequest": 1}
    assert services.client_hashes_run().counts == {}


@pytest.mark.django_db
def test_periodic_tasks_are_registered():
    from coplan.core.scheduling import periodic_jobs

    names = {job.name for job in periodic_jobs()}
    assert {"privacy.retention_apply", "privacy.client_hashes_erase"} <= names


@pytest.mark.django_db
def test_user_model_is_untouched_without_records():
    user = UserFactory(email="keep@example.org")
    services.retention_run(today=datetime.date(2030, 1, 1))
    assert User.objects.get(pk=user.pk).email == "keep@example.org"
