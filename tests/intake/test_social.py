"""Social-media exports: presets, column mapping, idempotency by platform + post id."""

from __future__ import annotations

import json

import pytest

from coplan.contributions.models import Contribution
from coplan.intake.models import ImportRun, IntakeItem
from coplan.intake.social import social_export_import

pytestmark = pytest.mark.django_db

GENERIC = (
    "platform,post id,author handle,text,time,url\n"
    "twitter,1001,@alice,We need open data on federal contracts please,2017-11-02T10:00:00Z,"
    "https://twitter.com/alice/status/1001\n"
    "facebook,1001,bob.page,Le gouvernement devrait publier ses données budgétaires,"
    "2018-01-05 09:30,https://facebook.com/1001\n"
    "twitter,1002,@carol,,2018-01-05 09:30,\n"
    "twitter,,@dan,No id here but text about transparency,2018-01-05 09:30,\n"
    "twitter,1003,@erin,Open science matters to researchers everywhere,yesterday-ish,\n"
    "twitter,1001,@alice,We need open data on federal contracts please,2017-11-02T10:00:00Z,\n"
)


def test_generic_csv_imports_posts_as_pending_social_contributions(process):
    run = social_export_import(process=process, uploaded_file=GENERIC.encode(), filename="x.csv")
    assert run.state == ImportRun.State.DONE, run.error
    assert (run.read_count, run.imported_count, run.duplicate_count, run.rejected_count) == (
        6,
        2,
        1,
        3,
    )
    tweet = Contribution.objects.get(external_ref="twitter:1001")
    post = Contribution.objects.get(external_ref="facebook:1001")
    assert tweet.channel == "social" and tweet.moderation_state == "pending"
    assert tweet.language == "en" and post.language == "fr"
    assert tweet.phase.kind == "planning" and post.phase.kind == "development"
    assert tweet.provenance == {
        "source": "social",
        "platform": "twitter",
        "post_id": "1001",
        "row": 2,
        "run": run.pk,
    }
    item = IntakeItem.objects.get(contribution=tweet)
    assert (item.platform, item.handle) == ("twitter", "@alice")
    assert item.source_url == "https://twitter.com/alice/status/1001"
    assert "@alice" not in tweet.text
    reasons = {r.line: (r.column, r.reason) for r in run.rejects.all()}
    assert reasons[4][1] == "This field cannot be empty."
    assert reasons[5] == ("post_id", "The post id is empty.")
    assert reasons[6][0] == "posted_at" and "cannot be read" in reasons[6][1]


def test_reimport_adds_nothing(process):
    social_export_import(process=process, uploaded_file=GENERIC.encode(), filename="x.csv")
    again = social_export_import(process=process, uploaded_file=GENERIC.encode(), filename="x.csv")
    assert (again.imported_count, again.duplicate_count) == (0, 3)
    assert Contribution.objects.count() == 2


def test_column_mapping_overrides_the_preset(process):
    data = "Network;Ref;Who;Words;When\nmastodon;9;@z;Please publish the data on lakes;2018-01-02\n"
    run = social_export_import(
        process=process,
        uploaded_file=data.encode("cp1252"),
        filename="custom.csv",
        mapping={
            "platform": "Network",
            "post_id": "Ref",
            "handle": "Who",
            "text": "Words",
            "posted_at": "When",
        },
    )
    assert run.imported_count == 1
    assert Contribution.objects.get().external_ref == "mastodon:9"


def test_twitter_archive_json_with_preset(process):
    tweets = [
        {
            "tweet": {
                "id_str": "55",
                "full_text": "Transparency in lobbying matters a lot to me",
                "created_at": "Wed Jan 10 20:19:24 +0000 2018",
            }
        },
        {
            "tweet": {
                "id_str": "56",
                "full_text": "Publiez les données sur les lobbyistes svp",
                "created_at": "Wed Jan 10 21:19:24 +0000 2018",
            }
        },
    ]
    data = ("window.YTD.tweets.part0 = " + json.dumps(tweets)).encode()
    run = social_export_import(
        process=process, uploaded_file=data, filename="tweets.js", preset="twitter"
    )
    assert run.imported_count == 2, run.error
    assert set(Contribution.objects.values_list("external_ref", flat=True)) == {
        "twitter:55",
        "twitter:56",
    }


def test_broken_json_imports_nothing_and_says_where(process):
    run = social_export_import(
        process=process, uploaded_file=b'[{"id": 1,\n "text": "x" oops}]', filename="x.json"
    )
    assert run.state == ImportRun.State.FAILED and "Line 2" in run.error
    assert not Contribution.objects.exists()


def test_broken_csv_in_the_middle_imports_nothing(process):
    data = GENERIC.encode() + b'twitter,2000,@x,"never closed,2018-01-01\n'
    run = social_export_import(process=process, uploaded_file=data, filename="x.csv")
    assert run.state == ImportRun.State.FAILED and run.error.startswith("Line 8")
    assert not Contribution.objects.exists()


def test_missing_platform_is_a_reject_when_no_preset_names_it(process):
    data = b"post id,text,time\n1,Some text about open data,2018-01-01\n"
    run = social_export_import(process=process, uploaded_file=data, filename="x.csv")
    assert run.rejected_count == 1 and "platform" in run.rejects.get().reason
    run = social_export_import(
        process=process, uploaded_file=data, filename="x.csv", platform="Reddit"
    )
    assert run.imported_count == 1
    assert Contribution.objects.get().external_ref == "reddit:1"
