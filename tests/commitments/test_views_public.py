import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.commitments import services
from coplan.commitments.models import CommitmentActor
from coplan.contributions.models import Contribution
from tests.accounts.factories import OrganisationFactory
from tests.commitments.factories import make_commitment, make_milestone


@pytest.mark.django_db
def test_only_confirmed_partners_shown(client):
    commitment = make_commitment(status="draft")
    CommitmentActor.objects.create(
        commitment=commitment,
        organisation=OrganisationFactory(name_en="Invited Org"),
        kind="civil_society",
        status="invited",
    )
    CommitmentActor.objects.create(
        commitment=commitment,
        organisation=OrganisationFactory(name_en="Confirmed Org"),
        kind="civil_society",
        status="confirmed",
    )
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Confirmed Org" in html and "Invited Org" not in html


def _fill(commitment, versions, milestones, comments, editor):
    for number in range(versions):
        services.commitment_edit(
            commitment=commitment,
            editor=editor,
            base_version=commitment.version_number,
            data={"description_en": f"Text {number}"},
        )
    for _ in range(milestones):
        make_milestone(commitment, ends_on=datetime.date(2019, 1, 1))
    Contribution.objects.bulk_create(
        Contribution(
            process=commitment.process,
            kind="comment",
            target=commitment,
            text=f"Comment {number}",
            moderation_state="published",
        )
        for number in range(comments)
    )


@pytest.mark.django_db
def test_commitment_page_query_count_is_constant(client, forum_member):
    small = make_commitment(identifier="C-01")
    _fill(small, 1, 1, 1, forum_member)
    large = make_commitment(small.process, identifier="C-02")
    _fill(large, 30, 10, 500, forum_member)
    counts = []
    for commitment in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(commitment.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_list_and_dashboard_query_counts_are_constant(client, forum_member):
    process = make_commitment(identifier="C-01").process
    urls = [f"/en/commitments/{process.slug}/", f"/en/commitments/{process.slug}/dashboard/"]
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        before.append(len(queries))
    for number in range(2, 12):
        commitment = make_commitment(process, identifier=f"C-{number:02d}")
        make_milestone(commitment)
    after = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        after.append(len(queries))
    assert before == after


@pytest.mark.django_db
def test_version_compare_bad_input(client):
    commitment = make_commitment()
    base = f"/en/commitments/{commitment.process.slug}/{commitment.identifier}/versions/"
    assert client.get(base + "?from=abc&to=1").status_code == 400
    assert client.get(base + "?from=1&to=99").status_code == 404


@pytest.mark.django_db
def test_list_filters(client):
    from coplan.commitments.models import Commitment, Theme

    first = make_commitment(identifier="C-01", status="draft")
    make_commitment(first.process, identifier="C-02", status="final")
    Commitment.objects.filter(pk=first.pk).update(ogp_values=["civic_participation"])
    theme = Theme.objects.create(slug="open-data", label_en="Open data", label_fr="Données")
    first.themes.add(theme)
    base = f"/en/commitments/{first.process.slug}/"
    for query in ["?status=draft", "?ogp_value=civic_participation", "?theme=open-data"]:
        html = client.get(base + query).content.decode()
        assert "C-01 –" in html and "C-02 –" not in html, query
    assert client.get(base + "?status=<script>").status_code == 200
