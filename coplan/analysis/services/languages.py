"""Languages detected for contributions whose language nobody gave."""

from __future__ import annotations

from collections.abc import Iterable

from coplan.contributions.models import Contribution
from coplan.processes.models import Process


def languages_tag(
    *, contributions: Iterable[Contribution] | None = None, process: Process | None = None
) -> int:
    """Tag contributions whose language is unknown (only those: a human choice is kept)."""
    from coplan.contributions.language import UNKNOWN, detect_languages

    queryset = Contribution.objects.filter(language="unknown")
    if process is not None:
        queryset = queryset.filter(process=process)
    if contributions is not None:
        queryset = queryset.filter(pk__in=[c.pk for c in contributions])
    changed = 0
    batch: list[tuple[int, str]] = []

    def flush() -> int:
        texts = [text for _pk, text in batch]
        found = detect_languages(texts)
        updates = [
            Contribution(pk=pk, language=language)
            for (pk, _text), language in zip(batch, found, strict=True)
            if language != UNKNOWN
        ]
        Contribution.objects.bulk_update(updates, ["language"], batch_size=1000)
        batch.clear()
        return len(updates)

    for pk, text in queryset.values_list("pk", "text").iterator(chunk_size=2000):
        batch.append((pk, text))
        if len(batch) >= 5000:
            changed += flush()
    if batch:
        changed += flush()
    return changed
