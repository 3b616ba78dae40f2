"""A corpus with everything the data set must show, and everything it must never show."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from coplan.analysis.models import (
    Campaign,
    CampaignMember,
    Coding,
    ContributionAssessment,
    ContributionTranslation,
    Disposition,
    Theme,
)
from coplan.commitments.models import ContributionLink
from coplan.contributions.models import Contribution, ContributorContact, Kind, ModerationState
from tests.accounts.factories import UserFactory
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory, comment_on

# Planted secrets: none may ever appear in a published file, API answer or feed.
SECRETS = {
    "name": "Zebulon Quackenbush",
    "email": "zebulon.quackenbush@example.net",
    "handle": "@zquackenbush77",
    "ip": "203.0.113.77",
    "account_email": "canary-account@example.org",
    "registration_name": "Philomena Registrant",
    "registration_email": "philomena.registrant@example.com",
    "pending": "PENDING-CANARY-TEXT",
    "rejected": "REJECTED-CANARY-TEXT",
    "hidden": "HIDDEN-CANARY-TEXT",
    "withdrawn": "WITHDRAWN-CANARY-TEXT",
    "no_consent": "NO-CONSENT-CANARY-TEXT",
    "unredacted": "UNREDACTED-CANARY-TEXT",
    "internal_note": "INTERNAL-NOTE-CANARY",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def corpus(open_ideas, media):
    """Published, consented contributions with every column filled, plus planted canaries."""
    process = open_ideas.phase.process
    author = UserFactory(email=SECRETS["account_email"], display_name=SECRETS["name"])
    idea = ContributionFactory(
        opportunity=open_ideas,
        title="Open the budget data",
        text=f"Please open the budget data. {SECRETS['unredacted']}",
        redacted_text="Please open the budget data. [redacted]",
        support_count=7,
        author=author,
        provenance={"ip": SECRETS["ip"], "handle": SECRETS["handle"]},
        received_at=datetime.datetime(2018, 1, 15, 15, 0, tzinfo=datetime.UTC),
    )
    ContributorContact.objects.create(
        contribution=idea, name=SECRETS["name"], email=SECRETS["email"]
    )
    comment = comment_on(idea, text='=HYPERLINK("http://evil") I agree.')
    french = ContributionFactory(
        opportunity=open_ideas, title="Données ouvertes", text="Publiez les données.", language="fr"
    )
    theme = Theme.objects.create(
        process=process, code="open-data", name_en="Open data", name_fr="Données ouvertes"
    )
    other = Theme.objects.create(process=process, code="budget", name_en="Budget", name_fr="Budget")
    disposition = Disposition.objects.create(
        code="in-plan", name_en="Included in the plan", name_fr="Inclus dans le plan"
    )
    ContributionAssessment.objects.create(
        contribution=idea,
        disposition=disposition,
        primary_theme=theme,
        response_en="It became commitment 1.",
        response_fr="C'est devenu l'engagement 1.",
        note=SECRETS["internal_note"],
    )
    Coding.objects.create(contribution=idea, theme=theme)
    Coding.objects.create(contribution=idea, theme=other)
    ContributionTranslation.objects.create(
        contribution=french, language="en", text="Publish the data."
    )
    commitment = make_commitment(process, identifier="c1")
    second = make_commitment(process, identifier="c2")
    ContributionLink.objects.create(
        contribution=idea,
        commitment=commitment,
        relation="primary",
        response_en="a",
        response_fr="a",
    )
    ContributionLink.objects.create(
        contribution=idea, commitment=second, relation="secondary", response_en="b", response_fr="b"
    )
    campaign = Campaign.objects.create(
        process=process, key="campaign-1", representative=french, size=42
    )
    CampaignMember.objects.create(campaign=campaign, contribution=french, similarity=1.0)
    for state, key in [
        (ModerationState.PENDING, "pending"),
        (ModerationState.REJECTED, "rejected"),
        (ModerationState.HIDDEN, "hidden"),
        (ModerationState.WITHDRAWN, "withdrawn"),
    ]:
        ContributionFactory(
            opportunity=open_ideas, title=SECRETS[key], text=SECRETS[key], moderation_state=state
        )
    hidden_idea = Contribution.objects.get(title=SECRETS["hidden"])
    # A published comment on a hidden idea must not reveal the idea.
    comment_on(hidden_idea, text="A comment on a hidden idea.")
    ContributionFactory(
        opportunity=open_ideas,
        title=SECRETS["no_consent"],
        text=SECRETS["no_consent"],
        consent_to_publish=False,
    )
    _plant_registration(open_ideas)
    return {
        "process": process,
        "idea": idea,
        "comment": comment,
        "french": french,
        "content_type": ContentType.objects.get_for_model(Contribution),
    }


def _plant_registration(opportunity) -> None:
    from coplan.events.models import Registration
    from tests.events.factories import EventFactory

    event = EventFactory(opportunity=opportunity)
    Registration.objects.create(
        event=event,
        name=SECRETS["registration_name"],
        email=SECRETS["registration_email"],
        status="confirmed",
    )


@pytest.fixture
def awkward(corpus, settings):
    """The canary corpus plus values that test the CSV: commas, quotes, line breaks, formulas,
    two translations, two primary links, a form-letter group without a campaign record, a
    comment on a commitment, a feedback on a page of the site."""
    settings.COPLAN_SITE_URL = SITE
    process = corpus["process"]
    opportunity = corpus["idea"].opportunity
    made = {}
    made["quoted"] = ContributionFactory(
        opportunity=opportunity,
        title='Budget, "open" by default',
        text='Line one,\r\nline two with a "quote"\nand a\rcarriage return.',
        redacted_text="",
        received_at=WHEN,
        support_count=3,
        phase=opportunity.phase,
    )
    made["formulas"] = ContributionFactory(
        opportunity=opportunity,
        title="+1 for this",
        text="@everyone read this",
        redacted_text="-10, then =SUM(A1)",
        redacted_title="\tTabbed title",
        language="fr",
        received_at=WHEN,
    )
    # A lone carriage return, line feed, comma or double quote is enough to need quotes.
    made["breaks"] = [
        ContributionFactory(opportunity=opportunity, title=first, text=second, received_at=WHEN)
        for first, second in [
            ("Only\ra return", "Only\na feed"),
            ("Only\na feed", "Only\ra return"),
            ("Only, a comma", 'Only "quotes"'),
            ('Only "quotes"', "Only, a comma"),
        ]
    ]
    ContributionTranslation.objects.create(
        contribution=made["formulas"], language="fr", text="=version française"
    )
    ContributionTranslation.objects.create(
        contribution=made["formulas"], language="en", text='English, "translated"'
    )
    themes = {
        code: Theme.objects.create(
            process=process, code=code, name_en=code, name_fr=code, position=position
        )
        for code, position in [("zeta", 0), ("alpha", 5), ("mid", 5)]
    }
    for code in ("alpha", "zeta", "mid"):
        Coding.objects.create(contribution=made["formulas"], theme=themes[code])
    Coding.objects.create(contribution=made["quoted"], theme=themes["mid"], confirmed=False)
    ContributionAssessment.objects.create(
        contribution=made["formulas"],
        primary_theme=themes["mid"],
        response_en="+ Good idea, thanks",
        response_fr='Réponse "française"',
    )
    later = make_commitment(process, identifier="c9", position=1)
    first = make_commitment(process, identifier="c0", position=0)
    ContributionLink.objects.create(
        contribution=made["formulas"], commitment=later, relation="primary"
    )
    ContributionLink.objects.create(
        contribution=made["formulas"], commitment=first, relation="primary"
    )
    ContributionLink.objects.create(
        contribution=made["formulas"],
        commitment=process.commitments.get(identifier="c2"),
        relation="secondary",
    )
    for _ in range(2):
        made.setdefault("grouped", []).append(
            ContributionFactory(
                opportunity=opportunity,
                title="",
                text="Same letter",
                duplicate_group="letter-7",
                kind=Kind.COMMENT,
                received_at=WHEN,
            )
        )
    # A third copy is not public: the group's size counts only published, consented copies.
    ContributionFactory(
        opportunity=opportunity,
        text="Same letter",
        duplicate_group="letter-7",
        consent_to_publish=False,
        received_at=WHEN,
    )
    made["on_commitment"] = comment_on(
        first, opportunity=opportunity, text="About c0", language="fr", received_at=WHEN
    )
    made["feedback"] = Contribution.objects.create(
        process=process,
        kind=Kind.PAGE_FEEDBACK,
        text="Useful page",
        page_url="/en/about/?a=1,2",
        language="en",
        consent_to_publish=True,
        moderation_state="published",
        received_at=WHEN,
    )
    return {**corpus, **made}


SITE = "http://testserver"


WHEN = datetime.datetime(2018, 2, 1, 9, 30, 5, 123456, tzinfo=datetime.UTC)
