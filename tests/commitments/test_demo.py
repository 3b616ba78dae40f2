import pytest

from coplan.accounts import demo as accounts_demo
from coplan.commitments import demo
from coplan.commitments.models import Amendment, Commitment, ProgressUpdate
from coplan.processes import demo as processes_demo


@pytest.mark.django_db
def test_demo_loads_every_state_and_is_idempotent(client):
    accounts_demo.load()
    process = processes_demo.load()
    demo.load()
    demo.load()
    # The 4th plan as it ended in June 2020; the current process's first potential commitments.
    statuses = set(Commitment.objects.filter(process=process).values_list("status", flat=True))
    assert statuses == {"in_implementation", "completed", "withdrawn"}
    assert Commitment.objects.filter(process=process).count() == 5
    current = processes_demo.current_process()
    assert set(Commitment.objects.filter(process=current).values_list("status", flat=True)) == {
        "draft",
        "proposed",
    }
    assert set(Amendment.objects.values_list("status", flat=True)) == {"accepted", "declined"}
    assert ProgressUpdate.objects.filter(kind="government").exists()
    codrafted = Commitment.objects.get(process=process, identifier="C-03")
    assert codrafted.versions.count() >= 4
    # Every step of the 4th plan's commitments is dated in it, in order.
    assert [t.at.year for t in codrafted.transitions.order_by("at")] == [2018] * 4
    assert (
        ProgressUpdate.objects.filter(
            milestone__commitment__process=process, created_at__year__gt=2020
        ).count()
        == 0
    )
    draft = Commitment.objects.get(process=current, status="draft")
    for url in [
        codrafted.get_absolute_url(),
        f"/en/commitments/{process.slug}/",
        f"/fr/commitments/{process.slug}/dashboard/",
        draft.get_absolute_url(),
        f"/en/processes/{process.slug}/",
    ]:
        assert client.get(url).status_code == 200, url
