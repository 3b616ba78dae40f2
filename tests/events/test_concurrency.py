"""No over-booking when many people register for the last seats at the same moment.

Runs on PostgreSQL (real concurrent transactions); SQLite serialises writers, so the race this
test provokes cannot happen there.
"""

import threading

import pytest
from django.db import connection, connections

from coplan.events import services
from coplan.events.models import Event, Registration
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CAPACITY = 5
PEOPLE = 24


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://…")


def test_concurrent_registrations_never_overbook():
    event = EventFactory(capacity=CAPACITY)
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def register(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            services.registration_create(
                event=Event.objects.get(pk=event.pk),
                name=f"Person {n}",
                email=f"person{n}@example.org",
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    event.refresh_from_db()
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == CAPACITY == event.confirmed_count
    assert statuses.count("waitlisted") == PEOPLE - CAPACITY


def test_concurrent_cancellations_promote_each_waiting_person_once():
    event = EventFactory(capacity=CAPACITY)
    seated = [
        services.registration_create(event=event, name=f"P{n}", email=f"p{n}@example.org")
        for n in range(CAPACITY)
    ]
    for n in range(CAPACITY, CAPACITY + 8):
        services.registration_create(event=event, name=f"P{n}", email=f"p{n}@example.org")
    barrier = threading.Barrier(len(seated))
    errors: list[BaseException] = []

    def cancel(registration) -> None:
        try:
            barrier.wait(timeout=30)
            services.registration_cancel(registration=registration)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in seated]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    event.refresh_from_db()
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("cancelled") == CAPACITY
    assert statuses.count("confirmed") == CAPACITY == event.confirmed_count
    assert statuses.count("waitlisted") == 3
