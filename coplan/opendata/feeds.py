"""Atom feeds per process and language: new opportunities, plan versions, data set versions,
progress updates. Only published things; organisations, never people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from coplan.commitments.models import ProgressUpdate
from coplan.plans.models import PlanVersion
from coplan.processes.models import Opportunity, Process

from .models import DataSetVersion

FEED_ITEMS = 50


@dataclass
class FeedEntry:
    key: str
    title: str
    description: str
    link: str
    when: datetime.datetime


def _midday(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def feed_entries(process: Process) -> list[FeedEntry]:
    """The newest public events of a process, each kind read with one query."""
    entries = [
        *_opportunity_entries(process),
        *_plan_version_entries(process),
        *_dataset_entries(process),
        *_progress_entries(process),
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:FEED_ITEMS]


def _opportunity_entries(process: Process) -> list[FeedEntry]:
    opportunities = (
        Opportunity.objects.filter(phase__process=process)
        .exclude(status=Opportunity.Status.ANNOUNCED)
        .order_by("-opens_at", "-pk")[:FEED_ITEMS]
    )
    return [
        FeedEntry(
            key=f"opportunity-{opportunity.pk}",
            title=_("Opportunity to take part: %(title)s") % {"title": opportunity.title},
            description=opportunity.description,
            link=reverse(
                "processes:opportunity",
                kwargs={"slug": process.slug, "opportunity_slug": opportunity.slug},
            ),
            when=opportunity.opens_at or _midday(process.starts_on),
        )
        for opportunity in opportunities
    ]


def _plan_version_entries(process: Process) -> list[FeedEntry]:
    versions = (
        PlanVersion.objects.filter(plan__process=process, status__in=PlanVersion.PUBLISHED)
        .exclude(published_at=None)
        .order_by("-published_at")[:FEED_ITEMS]
    )
    return [
        FeedEntry(
            key=f"plan-version-{version.pk}",
            title=_("Plan published: %(title)s") % {"title": version.title},
            description=version.get_status_display(),
            link=reverse("plans:version", kwargs={"slug": process.slug, "number": version.number}),
            when=version.published_at,
        )
        for version in versions
    ]


def _dataset_entries(process: Process) -> list[FeedEntry]:
    datasets = (
        DataSetVersion.objects.published()
        .filter(process=process)
        .order_by("-published_at")[:FEED_ITEMS]
    )
    return [
        FeedEntry(
            key=f"dataset-{dataset.pk}",
            title=_("Data set published: %(title)s") % {"title": str(dataset)},
            description=_("%(rows)s rows, Open Government Licence - Canada.")
            % {"rows": dataset.row_count},
            link=reverse(
                "opendata:version",
                kwargs={"slug": process.slug, "kind": dataset.kind, "number": dataset.number},
            ),
            when=dataset.published_at,
        )
        for dataset in datasets
    ]


def _progress_entries(process: Process) -> list[FeedEntry]:
    updates = (
        ProgressUpdate.objects.filter(milestone__commitment__process=process)
        .select_related("milestone__commitment")
        .order_by("-created_at", "-pk")[:FEED_ITEMS]
    )
    return [
        FeedEntry(
            key=f"progress-{update.pk}",
            title=_("Progress on commitment %(identifier)s: %(title)s")
            % {
                "identifier": update.milestone.commitment.identifier,
                "title": update.milestone.commitment.title,
            },
            description=update.text,
            link=_milestone_link(process, update),
            when=update.created_at,
        )
        for update in updates
    ]


def _milestone_link(process: Process, update: ProgressUpdate) -> str:
    """The milestone on its commitment's page."""
    identifier = update.milestone.commitment.identifier
    kwargs = {"process_slug": process.slug, "identifier": identifier}
    return reverse("commitments:detail", kwargs=kwargs) + f"#milestone-{update.milestone_id}"


class ProcessFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Process:
        return get_object_or_404(Process, slug=slug)

    def title(self, process: Process) -> str:
        return _("News of %(title)s") % {"title": process.title}

    def subtitle(self, process: Process) -> str:
        return _(
            "New opportunities to take part, plan versions, data sets and progress on commitments."
        )

    def link(self, process: Process) -> str:
        return reverse("processes:detail", kwargs={"slug": process.slug})

    def items(self, process: Process) -> list[FeedEntry]:
        return feed_entries(process)

    def item_title(self, item: FeedEntry) -> str:
        return item.title

    def item_description(self, item: FeedEntry) -> str:
        return item.description

    def item_link(self, item: FeedEntry) -> str:
        return item.link

    def item_guid(self, item: FeedEntry) -> str:
        return f"urn:coplan:{item.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: FeedEntry) -> datetime.datetime:
        return item.when

    def item_updateddate(self, item: FeedEntry) -> datetime.datetime:
        return item.when
