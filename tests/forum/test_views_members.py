"""Staff pages for seats and terms: who sees them, what they save, what they refuse."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.core.models import StaffAction
from coplan.forum import services
from tests.forum.helpers import DAY, _check, _login, _member

pytestmark = pytest.mark.django_db


# Seats and terms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("participant", 403),
        ("forum member", 403),
        ("analyst", 403),
        ("administrator", 200),
    ],
)
@pytest.mark.parametrize(
    "path", ["staff/members/", "staff/members/{pk}/", "staff/members/{pk}/end/"]
)
def test_member_pages_per_role(client, forum, role, expected, path):
    member = _member(forum, "Alice Gov")
    _login(client, role)
    response = client.get(f"/en/forum/{forum.process.slug}/" + path.format(pk=member.pk))
    _check(response, expected)


def test_edit_seat_is_saved_and_audited(client, forum, administrator):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{member.pk}/"
    before = StaffAction.objects.count()
    response = client.post(
        url,
        {
            "name": "Alice Gouv",
            "organisation": member.organisation_id,
            "sector": "civil_society",
            "role": "co_chair",
            "term_start": "2017-10-02",
            "term_end": "",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.name, member.sector, member.role) == ("Alice Gouv", "civil_society", "co_chair")
    action = StaffAction.objects.order_by("-pk").first()
    assert StaffAction.objects.count() == before + 1
    assert action.view_name == "forum:staff_member_edit"
    assert action.user == administrator


def test_edit_seat_refuses_bad_input(client, forum, administrator):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{member.pk}/"
    data = {
        "name": "x" * 500,
        "organisation": "999999",
        "sector": "aliens",
        "role": "member",
        "term_start": "not a date",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    data = {
        "name": "Alice",
        "organisation": member.organisation_id,
        "sector": "government",
        "role": "member",
        "term_start": "2020-01-01",
        "term_end": "2019-01-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "must not end before it starts" in response.content.decode()
    member.refresh_from_db()
    assert member.name == "Alice Gov" and member.term_end is None


def test_end_term_moves_member_to_past(client, forum, administrator):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    slug = forum.process.slug
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/en/forum/{slug}/staff/members/{member.pk}/end/", {"term_end": yesterday}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.term_end == yesterday
    action = StaffAction.objects.order_by("-pk").first()
    assert action.view_name == "forum:staff_member_end"
    public = client.get(f"/en/forum/{slug}/").content.decode()
    past = public.split("Past members", 1)[1]
    assert "Alice Gov" in past


def test_end_term_refuses_a_day_before_the_start_or_after_an_earlier_end(
    client, forum, administrator
):
    member = _member(forum, "Alice Gov")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{member.pk}/end/"
    before_start = DAY - datetime.timedelta(days=1)
    response = client.post(url, {"term_end": before_start.isoformat()})
    assert response.status_code == 400
    assert "must not end before it starts" in response.content.decode()
    assert client.post(url, {"term_end": ""}).status_code == 400
    services.member_term_end(member=member, on=DAY + datetime.timedelta(days=10))
    response = client.post(url, {"term_end": (DAY + datetime.timedelta(days=20)).isoformat()})
    assert response.status_code == 400
    assert "already ended" in response.content.decode()
    member.refresh_from_db()
    assert member.term_end == DAY + datetime.timedelta(days=10)


def test_member_of_another_forum_is_not_found(client, forum, administrator, process):
    from tests.processes.factories import ProcessFactory

    other_process = ProcessFactory()
    other = services.forum_create(slug="other", name_en="O", name_fr="O", process=other_process)
    stranger = _member(other, "Stranger")
    client.force_login(administrator)
    url = f"/en/forum/{forum.process.slug}/staff/members/{stranger.pk}/"
    assert client.get(url).status_code == 404
