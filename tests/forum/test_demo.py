import pytest

from coplan.accounts import demo as accounts_demo
from coplan.forum import demo
from coplan.forum.models import Forum, Meeting
from coplan.processes import demo as processes_demo

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(client):
    accounts_demo.load()
    process = processes_demo.load()
    demo.load()
    demo.load()
    assert Forum.objects.count() == 1
    assert Meeting.objects.filter(status="minutes").count() == 2
    page = client.get(f"/fr/forum/{process.slug}/").content.decode()
    assert "Forum multi-intervenants" in page
