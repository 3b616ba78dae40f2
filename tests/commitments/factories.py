from __future__ import annotations

import datetime

import factory

from coplan.commitments import services
from coplan.commitments.models import Commitment, Milestone, Theme
from tests.accounts.factories import OrganisationFactory
from tests.processes.factories import ProcessFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    label_en = factory.Sequence(lambda n: f"Theme {n}")
    label_fr = factory.Sequence(lambda n: f"Thème {n}")


def make_commitment(process=None, *, identifier=None, status="draft", author=None, **kwargs):
    """A commitment with version 1, in the given status (set directly: tests of other things)."""
    process = process or ProcessFactory()
    identifier = identifier or f"C-{Commitment.objects.count() + 1:02d}"
    commitment = services.commitment_create(
        process=process,
        identifier=identifier,
        title_en=kwargs.pop("title_en", f"Open data for {identifier}"),
        title_fr=kwargs.pop("title_fr", f"Données ouvertes pour {identifier}"),
        problem_en=kwargs.pop("problem_en", "People cannot find the data they need."),
        problem_fr=kwargs.pop("problem_fr", "Les gens ne trouvent pas les données."),
        author=author,
    )
    Commitment.objects.filter(pk=commitment.pk).update(status=status, **kwargs)
    commitment.refresh_from_db()
    return commitment


def make_milestone(commitment, *, responsible=None, **kwargs) -> Milestone:
    defaults = {
        "description_en": "Publish the inventory.",
        "description_fr": "Publier l’inventaire.",
        "starts_on": datetime.date(2018, 9, 1),
        "ends_on": datetime.date(2019, 6, 30),
        "position": commitment.milestones.count() + 1,
    }
    defaults.update(kwargs)
    return Milestone.objects.create(
        commitment=commitment, responsible=responsible or OrganisationFactory(), **defaults
    )
