"""The privacy app's periodic jobs. Expired sessions are deleted by a daily job: Django never
deletes them by itself, and a session ties a browser to an account and to what its visitor did."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from coplan.core.scheduling import periodic_jobs
from coplan.privacy import tasks

pytestmark = pytest.mark.django_db


def test_the_daily_job_deletes_expired_sessions_only(user):
    client = Client()
    client.force_login(user)
    live = Session.objects.get()
    now = timezone.now()
    for n in range(3):
        Session.objects.create(
            session_key=f"expired{n:032d}",
            session_data="",
            expire_date=now - datetime.timedelta(minutes=1 + n),
        )
    assert tasks.sessions_clear.call() == 3
    assert list(Session.objects.values_list("pk", flat=True)) == [live.pk]
    # The visitor still signed in is still signed in; a second run deletes nothing.
    assert client.get("/en/account/").status_code == 200
    assert tasks.sessions_clear.call() == 0


def test_the_job_is_scheduled_daily():
    job = next(job for job in periodic_jobs() if job.name == "privacy.sessions_clear")
    assert job.task_path == "coplan.privacy.tasks.sessions_clear"
    assert job.every == datetime.timedelta(days=1)


@pytest.mark.django_db
def test_periodic_tasks_are_registered():
    from coplan.core.scheduling import periodic_jobs

    names = {job.name for job in periodic_jobs()}
    assert {"privacy.retention_apply", "privacy.client_hashes_erase"} <= names
