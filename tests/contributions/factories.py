from __future__ import annotations

import factory
from django.contrib.contenttypes.models import ContentType

from coplan.contributions.models import Contribution, Kind, ModerationState


class ContributionFactory(factory.django.DjangoModelFactory):
    """A published idea unless told otherwise (pass opportunity=...)."""

    class Meta:
        model = Contribution

    opportunity = None
    process = factory.LazyAttribute(lambda o: o.opportunity.phase.process)
    kind = Kind.IDEA
    title = factory.Sequence(lambda n: f"Idea {n}")
    text = factory.Sequence(lambda n: f"Publish more open data, number {n}.")
    language = "en"
    consent_to_publish = True
    moderation_state = ModerationState.PUBLISHED


def comment_on(
    target,
    *,
    parent=None,
    state=ModerationState.PUBLISHED,
    opportunity=None,
    language="en",
    **kwargs,
) -> Contribution:
    """A comment (or reply) on an idea, an opportunity or anything commentable (a commitment
    takes the `opportunity` it was commented in)."""
    process = getattr(target, "process", None) or target.phase.process
    return Contribution.objects.create(
        process=process,
        opportunity=opportunity or getattr(target, "opportunity", None) or target,
        kind=Kind.REPLY if parent is not None else Kind.COMMENT,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        parent=parent,
        text=kwargs.pop("text", "I agree with this idea."),
        language=language,
        consent_to_publish=True,
        moderation_state=state,
        **kwargs,
    )
