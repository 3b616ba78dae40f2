"""What became of a contribution, on its own page and in "My contributions".

The facts come from the apps above contributions through `contributions.outcomes` (analysis
registers them): disposition and reasoned response, the What We Heard theme, the commitment it
inspired, the plan change that cites it.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coplan.analysis import services as analysis
from coplan.analysis.demo import ensure_codebook
from coplan.analysis.models import ContributionAssessment, Disposition
from coplan.commitments import services as commitments
from coplan.contributions.models import ModerationState
from coplan.contributions.outcomes import outcomes_for
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory, comment_on
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_pages(settings):
    """Pages rendered for each request: the test counts what rendering costs."""
    settings.COPLAN_PAGE_CACHE = False


@pytest.fixture
def ideas(process):
    return OpportunityFactory(phase=process.phases.get(kind="development"), kind="ideas")


def _fr(path: str) -> str:
    """The French address of a page (paths are reversed in whatever language is active)."""
    assert path[:4] in ("/en/", "/fr/")
    return "/fr/" + path[4:]


def _code(contribution, analyst, *, response_en="", response_fr="", theme=None):
    codebook = ensure_codebook(contribution.process)
    theme = theme or codebook["open-data"]
    return analysis.contribution_code(
        contribution=contribution,
        themes=[theme],
        user=analyst,
        disposition=Disposition.objects.get(code="included"),
        response_en=response_en,
        response_fr=response_fr,
    )


def _link(contribution, commitment, analyst):
    return commitments.contribution_link(
        contribution=contribution,
        commitment=commitment,
        user=analyst,
        relation="primary",
        response_en="It became this commitment.",
        response_fr="Elle est devenue cet engagement.",
    )


def test_a_coded_idea_shows_its_outcome_in_the_readers_language(client, process, ideas, analyst):
    """Disposition and response in the reader's language, with links to the commitment and
    to the theme of the published What We Heard report."""
    idea = ContributionFactory(opportunity=ideas)
    _code(idea, analyst, response_en="We will publish it.", response_fr="Nous le publierons.")
    commitment = make_commitment(process, title_en="Open data", title_fr="Données ouvertes")
    _link(idea, commitment, analyst)
    report = analysis.report_publish(report=analysis.report_create(process=process))
    theme = ContributionAssessment.objects.get(contribution=idea).primary_theme

    french = client.get(_fr(idea.get_absolute_url())).content.decode()
    disposition = Disposition.objects.get(code="included")
    assert disposition.name_fr in french
    assert "Nous le publierons." in french and "We will publish it." not in french
    assert "Elle est devenue cet engagement." in french
    assert f'href="{_fr(commitment.get_absolute_url())}"' in french
    report_url = _fr(reverse("analysis:report", kwargs={"pk": report.pk}))
    assert f"{report_url}#theme-{theme.pk}" in french
    english = client.get("/en/" + idea.get_absolute_url()[4:]).content.decode()
    assert "We will publish it." in english and disposition.name_en in english


def test_a_response_written_in_one_language_is_shown_marked_as_such(client, ideas, analyst):
    """A response written only in English is shown to French readers with lang="en"."""
    idea = ContributionFactory(opportunity=ideas)
    _code(idea, analyst, response_en="Thank you, noted.")
    french = client.get(_fr(idea.get_absolute_url())).content.decode()
    assert 'lang="en">' in french and "Thank you, noted." in french


def test_an_idea_without_a_response_says_so(client, ideas):
    idea = ContributionFactory(opportunity=ideas)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "The team has not responded yet." in page


def test_a_comment_has_a_page_with_where_it_was_posted_and_its_outcome(client, ideas, analyst):
    """Every published kind has a public page: a comment's says where it was posted (at its
    place in the thread) and what became of it; the idea's thread links to it."""
    idea = ContributionFactory(opportunity=ideas)
    remark = comment_on(idea, text="Also publish the code.")
    _code(remark, analyst, response_en="Done.", response_fr="C’est fait.")
    page = client.get(reverse("contributions:detail", kwargs={"pk": remark.pk}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Also publish the code." in html
    assert f"{idea.get_absolute_url()}#comment-{remark.pk}" in html
    assert "Done." in html
    thread = client.get(idea.get_absolute_url()).content.decode()
    assert reverse("contributions:detail", kwargs={"pk": remark.pk}) in thread
    # An idea's generic address leads to the idea's own page.
    response = client.get(reverse("contributions:detail", kwargs={"pk": idea.pk}))
    assert response.status_code == 302 and response["Location"] == idea.get_absolute_url()


@pytest.mark.parametrize(
    "state", [ModerationState.PENDING, ModerationState.REJECTED, ModerationState.WITHDRAWN]
)
def test_unpublished_contributions_and_page_feedback_have_no_public_page(client, ideas, state):
    hidden = comment_on(ContributionFactory(opportunity=ideas), state=state)
    assert client.get(reverse("contributions:detail", kwargs={"pk": hidden.pk})).status_code == 404
    feedback = ContributionFactory(opportunity=ideas, kind="page_feedback")
    url = reverse("contributions:detail", kwargs={"pk": feedback.pk})
    assert client.get(url).status_code == 404


def test_my_contributions_lists_status_and_outcome(client, user, ideas, analyst):
    mine = ContributionFactory(opportunity=ideas, author=user, title="My idea")
    waiting = ContributionFactory(
        opportunity=ideas, author=user, title="Still waiting", moderation_state="pending"
    )
    _code(mine, analyst, response_en="Included.")
    _link(mine, make_commitment(ideas.phase.process, title_en="Open data"), analyst)
    client.force_login(user)
    html = client.get(reverse("contributions:mine")).content.decode()
    assert Disposition.objects.get(code="included").name_en in html
    assert "Open data" in html
    assert "No response yet" in html
    assert mine.public_page_url() in html and waiting.public_page_url() in html


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_keep_a_constant_query_count(client, process, user, ideas, analyst):
    """An idea linked to one commitment or to five, a list of one or many contributions with
    outcomes: the same number of queries."""
    idea = ContributionFactory(opportunity=ideas, author=user)
    _code(idea, analyst, response_en="Yes.")
    _link(idea, make_commitment(process), analyst)
    analysis.report_publish(report=analysis.report_create(process=process))
    client.force_login(user)
    few_idea = _count(client, idea.get_absolute_url())
    few_mine = _count(client, reverse("contributions:mine"))
    for _n in range(4):
        _link(idea, make_commitment(process), analyst)
    for _n in range(8):
        other = ContributionFactory(opportunity=ideas, author=user)
        _code(other, analyst, response_en="Yes.")
        _link(other, make_commitment(process), analyst)
    assert _count(client, idea.get_absolute_url()) == few_idea
    assert _count(client, reverse("contributions:mine")) == few_mine


def test_a_withdrawn_contribution_cannot_be_answered(ideas, analyst):
    """Coding or linking a contribution its author withdrew is refused with a clear message,
    and nothing is stored."""
    idea = ContributionFactory(opportunity=ideas, moderation_state=ModerationState.WITHDRAWN)
    with pytest.raises(ValidationError, match="withdrew this contribution"):
        _code(idea, analyst, response_en="Too late.")
    with pytest.raises(ValidationError, match="withdrew this contribution"):
        _link(idea, make_commitment(ideas.phase.process), analyst)
    assert not ContributionAssessment.objects.exists()
    assert not idea.codings.exists() and not idea.commitment_links.exists()
    assert not outcomes_for([idea.pk])[idea.pk]


def test_a_comment_cited_by_a_change_to_the_plan_links_to_the_new_paragraph(client, process):
    """A comment on the draft plan that the final plan's change explanation cites links to
    the final paragraph, with the explanation in the reader's language."""
    from coplan.plans import services as plans
    from tests.plans.factories import comment, plan_opportunities, published_final, published_review

    draft_opportunity, _final = plan_opportunities(process)
    review = published_review(process)
    old = review.paragraphs.get(number=3)
    remark = comment(old, opportunity=draft_opportunity, text="Say when.")
    final = published_final(review)
    new = final.paragraphs.get(number=3)
    plans.change_explain(
        version=final,
        old_paragraph=old,
        new_paragraph=new,
        explanation_en="We added the date.",
        explanation_fr="Nous avons ajouté la date.",
        cited_comment_ids=[remark.pk],
    )
    html = client.get(_fr(reverse("contributions:detail", kwargs={"pk": remark.pk})))
    html = html.content.decode()
    assert "Nous avons ajouté la date." in html
    assert f'href="{_fr(new.get_absolute_url())}"' in html


def test_asking_to_be_told_without_an_address_stores_nothing(client, ideas):
    """“Email me when it receives a response” without an email address: a clear message on
    the email field, a 400, and neither the idea nor a subscription stored."""
    from coplan.contributions.forms import new_form_token
    from coplan.contributions.models import Contribution
    from coplan.notifications.models import Subscriber

    url = reverse(
        "contributions:idea_create",
        kwargs={"slug": ideas.phase.process.slug, "opportunity_slug": ideas.slug},
    )
    response = client.post(
        _fr(url),
        {
            "title": "Budgets",
            "text": "Publiez les budgets.",
            "email": "",
            "notify": "on",
            "consent_to_publish": "on",
            "form_token": new_form_token(),
            "website": "",
        },
    )
    assert response.status_code == 400
    assert "Indiquez votre adresse courriel" in response.content.decode()
    assert not Contribution.objects.exists() and not Subscriber.objects.exists()
