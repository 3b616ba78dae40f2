from __future__ import annotations

import datetime

import factory

from coplan.processes.models import Opportunity, Phase, Process, StaticPage

PHASE_KINDS = [
    ("planning", "Planning", "Planification"),
    ("development", "Development", "Élaboration"),
    ("drafting", "Drafting", "Rédaction"),
    ("review", "Review", "Révision"),
    ("finalization", "Finalization", "Finalisation"),
    ("implementation", "Implementation", "Mise en œuvre"),
]


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"process-{n}")
    title_en = factory.Sequence(lambda n: f"Plan on Open Government {n}")
    title_fr = factory.Sequence(lambda n: f"Plan pour un gouvernement ouvert {n}")
    summary_en = "Help us build the plan."
    summary_fr = "Aidez-nous à bâtir le plan."
    status = Process.Status.ACTIVE
    starts_on = datetime.date(2017, 10, 1)
    ends_on = datetime.date(2020, 6, 30)
    privacy_purpose_en = "To answer you and improve our services."
    privacy_purpose_fr = "Pour vous répondre et améliorer nos services."
    privacy_authority_en = "Section 7 of the Financial Administration Act."
    privacy_authority_fr = "Article 7 de la Loi sur la gestion des finances publiques."
    privacy_contact_en = "Privacy coordinator, 613-957-7154."
    privacy_contact_fr = (
        "Coordonnateur de la protection des renseignements personnels, 613-957-7154."
    )

    @factory.post_generation
    def phases(obj, create, extracted, **kwargs):  # noqa: N805
        """Six phases, two months each, from the process start (pass phases=False to skip)."""
        if not create or extracted is False:
            return
        start = obj.starts_on
        for position, (kind, name_en, name_fr) in enumerate(PHASE_KINDS, start=1):
            end = start + datetime.timedelta(days=59)
            Phase.objects.create(
                process=obj,
                kind=kind,
                position=position,
                starts_on=start,
                ends_on=end,
                name_en=name_en,
                name_fr=name_fr,
                purpose_en=f"{name_en} purpose.",
                purpose_fr=f"Objet : {name_fr}.",
                dates_label_en=str(start.year),
                dates_label_fr=str(start.year),
            )
            start = end + datetime.timedelta(days=1)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    phase = factory.LazyFunction(lambda: ProcessFactory().phases.get(kind="development"))
    slug = factory.Sequence(lambda n: f"opportunity-{n}")
    kind = Opportunity.Kind.IDEAS
    title_en = factory.Sequence(lambda n: f"Opportunity {n}")
    title_fr = factory.Sequence(lambda n: f"Occasion {n}")
    description_en = "Tell us."
    description_fr = "Dites-nous."
    status = Opportunity.Status.OPEN


class StaticPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaticPage
        django_get_or_create = ("slug",)

    slug = "about"
    title_en = "About"
    title_fr = "À propos"
    body_en = "About us."
    body_fr = "À notre sujet."
