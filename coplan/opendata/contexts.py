"""What each contribution answered (an idea, a commitment, a paragraph…), described and linked
in both languages, and the public addresses the contributions table gives."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from coplan.contributions.commentable import commentable_for
from coplan.contributions.models import Contribution
from coplan.processes.models import Process

from .selectors import public_contributions

# A key no contribution has, to cut an address around it.
_PLACEHOLDER = 987654321

CONTEXT_TYPE_BY_MODEL = {
    "contributions.contribution": "idea",
    "processes.process": "process",
    "processes.opportunity": "opportunity",
    "commitments.commitment": "commitment",
    "commitments.milestone": "milestone",
    "plans.planparagraph": "plan_paragraph",
    "plans.planversion": "plan_version",
    "events.event": "event",
    "surveys.questionnaire": "questionnaire",
}


def site_url(path: str) -> str:
    return settings.COPLAN_SITE_URL.rstrip("/") + path if path else ""


def address_around_key(language: str) -> tuple[str, str]:
    """An idea's public address in `language`, as the text before and after its key."""
    with translation.override(language):
        url = site_url(reverse("contributions:idea_detail", kwargs={"pk": _PLACEHOLDER}))
    before, after = url.split(str(_PLACEHOLDER))
    return before, after


def process_address(process: Process, language: str) -> str:
    with translation.override(language):
        return site_url(reverse("processes:detail", kwargs={"slug": process.slug}))


class Contexts:
    """Describes and links the objects contributions answered, fetched once per build:
    (type, key) → (context type, English, French, address)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[int, int], tuple[str, str, str, str]] = {}

    def fetch(self, wanted: dict[int, set[int]]) -> None:
        for type_id, ids in wanted.items():
            missing = {pk for pk in ids if (type_id, pk) not in self.cache}
            model = ContentType.objects.get_for_id(type_id).model_class() if missing else None
            if model is Contribution:
                self._fetch_ideas(type_id, missing)
            elif model is not None:
                self._fetch_objects(type_id, model, missing)

    def _fetch_ideas(self, type_id: int, ids: set[int]) -> None:
        # A comment's idea is shown only when it is itself public.
        for pk, title, redacted_title, text, redacted in (
            public_contributions()
            .filter(pk__in=ids)
            .values_list("pk", "title", "redacted_title", "text", "redacted_text")
        ):
            shown = redacted_title or title or (redacted or text)[:120]
            with translation.override("en"):
                url = reverse("contributions:idea_detail", kwargs={"pk": pk})
            self.cache[(type_id, pk)] = ("idea", shown, shown, site_url(url))

    def _fetch_objects(self, type_id: int, model: type, ids: set[int]) -> None:
        context_type = CONTEXT_TYPE_BY_MODEL.get(model._meta.label_lower, "other")
        queryset = model._default_manager.filter(pk__in=ids)
        entry = commentable_for(model)
        if entry is not None and entry.visible is not None:
            queryset = entry.visible(queryset)
        for obj in queryset:
            with translation.override("en"):
                english = str(obj)
                url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
            with translation.override("fr"):
                french = str(obj)
            self.cache[(type_id, obj.pk)] = (context_type, english, french, site_url(url))

    def get(self, type_id: int | None, pk: int | None) -> tuple[str, str, str, str] | None:
        if type_id is None or pk is None:
            return None
        return self.cache.get((type_id, pk))
