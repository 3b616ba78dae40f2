"""What the public may comment on: a registered model only, an object the public may see, while
its opportunity accepts input; a forged content type or id is a 404, never stored."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from coplan.accounts.models import Organisation
from coplan.contributions.commentable import (
    accepts_comments,
    accepts_comments_in,
    commentable_for,
    resolve_target,
)
from coplan.contributions.models import Contribution
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def _type(model) -> int:
    return ContentType.objects.get_for_model(model).pk


def test_a_published_idea_is_found_by_its_type_and_id(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    entry, target = resolve_target(_type(Contribution), idea.pk)
    assert target == idea and entry is commentable_for(Contribution)
    assert entry.process(target) == open_ideas.phase.process


@pytest.mark.parametrize("object_id", [0, 999_999, "x"])
def test_a_forged_id_is_not_found(open_ideas, object_id):
    with pytest.raises(Http404):
        resolve_target(_type(Contribution), object_id)


def test_what_the_public_may_not_see_is_not_found(open_ideas):
    pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    comment = ContributionFactory(opportunity=open_ideas, kind="comment")
    for hidden in (pending, comment):
        with pytest.raises(Http404):
            resolve_target(_type(Contribution), hidden.pk)


def test_an_unregistered_model_or_unknown_type_is_not_found():
    organisation = Organisation.objects.create(slug="o", name_en="O", name_fr="O", kind="other")
    assert commentable_for(Organisation) is None
    with pytest.raises(Http404):
        resolve_target(_type(Organisation), organisation.pk)
    with pytest.raises(Http404):
        resolve_target(999_999, 1)


def test_comments_are_accepted_while_the_opportunity_is_open(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    entry = commentable_for(Contribution)
    assert accepts_comments(entry, idea)
    Opportunity.objects.filter(pk=open_ideas.pk).update(status="closed")
    idea = Contribution.objects.select_related("opportunity").get(pk=idea.pk)
    assert not accepts_comments(entry, idea)
    assert not accepts_comments_in(entry, idea, None)
