"""What campaign detection stores: campaigns biggest first, named by their key, each
contribution in one campaign at most, and members gone with their campaign."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from coplan.analysis.models import Campaign, CampaignMember
from coplan.contributions.models import Contribution
from tests.analysis.conftest import make_contributions


@pytest.mark.django_db
def test_campaigns_come_biggest_first_and_are_named_by_their_key(process):
    first, second, third = make_contributions(process, [{"text": f"Letter {n}"} for n in range(3)])
    small = Campaign.objects.create(process=process, key="c-small", representative=first, size=2)
    big = Campaign.objects.create(process=process, key="c-big", representative=second, size=9)
    tied = Campaign.objects.create(process=process, key="c-tied", representative=third, size=2)
    assert list(process.campaigns.all()) == [big, small, tied]
    assert str(big) == "c-big"
    member = CampaignMember.objects.create(campaign=big, contribution=second, similarity=0.97)
    assert str(member) == f"{big.pk}: {second.pk}"
    assert member.added_text == ""


@pytest.mark.django_db
def test_a_key_names_one_campaign_and_a_contribution_joins_one_at_most(process):
    first, second = make_contributions(process, [{"text": "One"}, {"text": "Two"}])
    campaign = Campaign.objects.create(process=process, key="c-1", representative=first, size=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(process=process, key="c-1", representative=second, size=1)
    other = Campaign.objects.create(process=process, key="c-2", representative=second, size=1)
    CampaignMember.objects.create(campaign=campaign, contribution=first, similarity=1.0)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignMember.objects.create(campaign=other, contribution=first, similarity=0.9)


@pytest.mark.django_db
def test_members_go_with_their_campaign_and_the_contributions_stay(process):
    first, second = make_contributions(process, [{"text": "Same"}, {"text": "Same, mine"}])
    campaign = Campaign.objects.create(process=process, key="c-9", representative=first, size=2)
    CampaignMember.objects.create(
        campaign=campaign, contribution=second, similarity=0.9, added_text="mine"
    )
    campaign.delete()
    assert not CampaignMember.objects.exists()
    assert Contribution.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
