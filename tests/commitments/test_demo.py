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
    statuses = set(Commitment.objects.filter(process=process).values_list("status", flat=True))
    assert {"in_implementation", "final", "draft", "proposed", "withdrawn"} <= statuses
    assert Commitment.objects.filter(process=process).count() == 5
    assert set(Amendment.objects.values_list("status", flat=True)) == {"accepted", "declined"}
    assert ProgressUpdate.objects.filter(kind="government").exists()
    draft = Commitment.objects.get(process=process, identifier="C-03")
    assert draft.versions.count() >= 4
    for url in [
        f"/en/commitments/{process.slug}/",
        f"/fr/commitments/{process.slug}/dashboard/",
        draft.get_absolute_url(),
        f"/en/processes/{process.slug}/",
    ]:
        assert client.get(url).status_code == 200, url
