"""The staff home: what waits for each role, each count a link to the work, in a constant number
of queries; the staff menu on staff pages; "My account" leads staff to their home."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.forum.models import Forum, Meeting
from coplan.intake.models import ImportRun
from coplan.privacy.models import CorrectionRequest
from tests.accounts.factories import OrganisationFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone
from tests.contributions.factories import ContributionFactory

HOME = "/en/staff/"


def _waiting_work(open_ideas, *, times: int = 1, organisation=None) -> None:
    """`times` of each kind of waiting work in the process of `open_ideas`."""
    process = open_ideas.phase.process
    forum = Forum.objects.get_or_create(
        process=process, defaults={"slug": f"forum-{process.slug}", "name": "Forum"}
    )[0]
    commitment = make_commitment(process, status="in_implementation")
    long_ago = timezone.now() - datetime.timedelta(days=3)
    for number in range(times):
        ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        ContributionFactory(opportunity=open_ideas, flag_count=2)
        ImportRun.objects.create(process=process, source="social", state="failed")
        CorrectionRequest.objects.create(
            email=f"person{number}@example.org",
            details="My name is misspelled.",
            due_on=datetime.date(2018, 1, 1),
        )
        make_milestone(commitment, responsible=organisation, ends_on=datetime.date(2019, 6, 30))
        Meeting.objects.create(forum=forum, title=f"Meeting {number}", held_at=long_ago)


def test_each_role_sees_what_waits_for_it(client, open_ideas):
    """The moderator sees moderation and imports, the analyst uncoded contributions, the
    reporter their organisation's overdue milestones, the administrator everything."""
    department = OrganisationFactory()
    _waiting_work(open_ideas, organisation=department)
    make_milestone(make_commitment(open_ideas.phase.process), ends_on=datetime.date(2019, 1, 1))
    expectations = {
        "moderator": ["1 contribution waiting for moderation", "1 import failed"],
        "analyst": ["2 contributions not yet coded"],
        "forum member": ["1 meeting held without published minutes"],
        "department reporter": ["1 milestone is past its end date"],
        "administrator": [
            "1 contribution waiting for moderation",
            "1 contribution reported by the public",
            "2 contributions not yet coded",
            "1 correction request to answer",
            "1 request is past its legal due date",
            "2 milestones are past their end date",
            "1 meeting held without published minutes",
        ],
    }
    for role, phrases in expectations.items():
        client.force_login(staff_with_role(role, organisation=department))
        html = client.get(HOME).content.decode()
        for phrase in phrases:
            assert phrase in html, (role, phrase)
        assert ("waiting for moderation" in html) == (role in ("moderator", "administrator"))
        assert ("not yet coded" in html) == (role in ("analyst", "administrator"))
        assert ("correction request" in html) == (role == "administrator")


def test_each_count_links_to_the_work(client, open_ideas, administrator):
    """Every figure is a link to the page where the work is done."""
    _waiting_work(open_ideas)
    client.force_login(administrator)
    html = client.get(HOME).content.decode()
    slug = open_ideas.phase.process.slug
    for link in (
        'href="/en/staff/moderation/"',
        'href="/en/staff/moderation/?flagged=on"',
        'href="/en/staff/intake/"',
        f'href="/en/analysis/staff/{slug}/?state=uncoded"',
        f'href="/en/forum/{slug}/staff/meetings/',
        f'href="/en/commitments/{slug}/',
        'href="/en/staff/corrections/"',
    ):
        assert link in html, link


def test_the_home_costs_the_same_queries_whatever_waits(client, open_ideas, administrator):
    """One item of each kind or five: the same number of queries."""
    client.force_login(administrator)
    _waiting_work(open_ideas)
    client.get(HOME)
    with CaptureQueriesContext(connection) as small:
        assert client.get(HOME).status_code == 200
    _waiting_work(open_ideas, times=5)
    with CaptureQueriesContext(connection) as large:
        assert client.get(HOME).status_code == 200
    assert len(large) == len(small)


def test_the_staff_menu_is_on_staff_pages_with_each_role_s_tools(client, moderator, db):
    """Staff pages show the staff menu with the tools of the role, public pages do not."""
    client.force_login(moderator)
    html = client.get("/en/staff/moderation/").content.decode()
    assert 'aria-label="Staff menu"' in html
    assert 'href="/en/staff/"' in html and 'href="/en/staff/moderation/"' in html
    assert 'href="/en/analysis/staff/"' not in html
    assert 'href="/en/staff/processes/"' not in html
    assert 'aria-label="Staff menu"' not in client.get("/en/").content.decode()


@pytest.mark.parametrize(("role", "sees_link"), [("participant", False), ("analyst", True)])
def test_my_account_leads_staff_to_their_home(client, db, role, sees_link):
    """ "My account" links to the staff home for staff only."""
    client.force_login(staff_with_role(role))
    html = client.get("/en/account/").content.decode()
    assert ('href="/en/staff/"' in html) is sees_link


def test_the_home_in_french(client, open_ideas, administrator):
    """The staff home reads in French on /fr/."""
    _waiting_work(open_ideas)
    client.force_login(administrator)
    html = client.get("/fr/staff/").content.decode()
    assert "Accueil du personnel" in html
    assert "1 contribution en attente de modération" in html
