"""The demo of privacy and notifications: subscribers, correction requests, retention runs."""

from __future__ import annotations

import io

import pytest

from coplan.accounts import demo as accounts_demo
from coplan.commitments import demo as commitments_demo
from coplan.notifications import demo
from coplan.notifications.models import Subscriber, Subscription
from coplan.privacy import demo as privacy_demo
from coplan.privacy.models import CorrectionRequest, RetentionRun
from coplan.privacy.selectors import overdue_correction_requests
from coplan.processes import demo as processes_demo


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent(client, administrator):
    accounts_demo.load()
    privacy_demo.load()
    processes_demo.load()
    commitments_demo.load()
    for _ in range(2):
        privacy_demo.load(stdout=io.StringIO())
        demo.load(stdout=io.StringIO())
    assert Subscriber.objects.count() == 4
    assert all(s.is_active for s in Subscriber.objects.all())
    assert set(Subscriber.objects.values_list("language", flat=True)) == {"en", "fr"}
    follow = Subscription.objects.get(target_type__isnull=False)
    assert follow.kind_list == ["commitment_progress"] and follow.confirmed_at is not None
    assert Subscription.objects.filter(target_type__isnull=True).count() == 3
    assert CorrectionRequest.objects.count() == 2
    assert overdue_correction_requests().count() == 1
    assert RetentionRun.objects.filter(kind="retention", dry_run=True).count() == 1
    assert RetentionRun.objects.filter(kind="client_hashes").count() == 1
    # What the team sees in the admin (second factor off in the test settings).
    client.force_login(administrator)
    page = client.get("/en/admin/privacy/correctionrequest/?overdue=yes")
    assert page.status_code == 200
    assert str(overdue_correction_requests().get()) in page.content.decode()
    assert client.get("/en/admin/privacy/retentionrun/").status_code == 200
