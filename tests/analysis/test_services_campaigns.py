"""Campaign detection as a use case: form letters grouped, each sender's own words kept."""

from __future__ import annotations

from coplan.analysis import services
from coplan.analysis.models import (
    Campaign,
    CampaignMember,
)
from coplan.contributions.models import Contribution
from tests.analysis.conftest import corpus_rows, make_contributions


def test_campaigns_detect_sets_groups_and_own_text(process):
    letter = (
        "Please create a public registry of the owners of companies in Canada.\n\n"
        "Anonymous companies hide money laundering, tax evasion and corruption everywhere. "
        "Journalists and police need to see who really owns and controls each company."
    )
    rows = [{"text": letter} for _ in range(4)]
    rows.append({"text": letter + "\n\nMy own street has empty houses owned by numbered firms."})
    rows.append({"text": letter.replace("Please create", "Kindly create")})
    rows += [{"text": r["text"]} for r in corpus_rows()[:20]]
    contributions = make_contributions(process, rows)
    found = services.campaigns_detect(process=process)
    assert len(found) == 1 and found[0].size == 6
    grouped = Contribution.objects.exclude(duplicate_group="")
    assert grouped.count() == 6
    assert set(grouped.values_list("duplicate_group", flat=True)) == {found[0].key}
    own = CampaignMember.objects.get(contribution=contributions[4])
    assert own.added_text == "My own street has empty houses owned by numbered firms."
    services.campaigns_detect(process=process)  # again: replaced, not doubled
    assert Campaign.objects.count() == 1
