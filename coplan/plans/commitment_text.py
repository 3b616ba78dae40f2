"""A commitment's OGP template as frozen, bilingual paragraphs (one per template part).

The commitments app says which parts make up its template, in order (COMMITMENT_TEMPLATE_FIELDS,
(key, label) pairs). The plan freezes each filled part as a paragraph, with its label in each
language; each milestone is a paragraph of its own. Later edits of the commitment never change a
published plan: its text was copied at publication.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils import translation
from django.utils.translation import gettext as _

from coplan.core.dates import date_format

LANGUAGES = ("en", "fr")
# Shown as the section heading, not as paragraphs.
HEADING_KEYS = frozenset({"identifier", "title"})


def _each_language(function: Callable[[str], str]) -> dict[str, str]:
    values = {}
    for language in LANGUAGES:
        with translation.override(language):
            values[language] = str(function(language) or "").strip()
    return values


def _translated(obj, name: str, language: str) -> str:
    value = getattr(obj, f"{name}_{language}", None)
    if value is None:
        value = getattr(obj, name, "")
    return str(value or "").strip()


def _organisation(actor, language: str) -> str:
    name = _translated(actor.organisation, "name", language)
    role = _translated(actor, "role", language)
    if role:
        return _("%(organisation)s (%(role)s)") % {"organisation": name, "role": role}
    return name


def _part_text(commitment, key: str, language: str) -> str:
    if key == "lead_organisations":
        return "; ".join(_organisation(actor, language) for actor in commitment.lead_actors)
    if key == "other_actors":
        lines = []
        for kind_label, actors in commitment.other_actors_by_kind:
            lines.append(
                _("%(kind)s: %(actors)s")
                % {
                    "kind": kind_label,
                    "actors": "; ".join(_organisation(actor, language) for actor in actors),
                }
            )
        return "\n".join(lines)
    if key == "themes":
        return ", ".join(_translated(theme, "label", language) for theme in commitment.themes.all())
    if key == "dates":
        if not (commitment.starts_on or commitment.ends_on):
            return ""
        return _("From %(start)s to %(end)s") % {
            "start": date_format(commitment.starts_on) if commitment.starts_on else "?",
            "end": date_format(commitment.ends_on) if commitment.ends_on else "?",
        }
    if key == "contact":
        office = _translated(commitment, "contact_office", language)
        if commitment.contact_email:
            return f"{office} – {commitment.contact_email}" if office else commitment.contact_email
        return office
    if key == "relevance":
        values = ", ".join(str(label) for label in commitment.ogp_value_labels)
        text = _translated(commitment, "relevance", language)
        return "\n".join(part for part in (values, text) if part)
    return _translated(commitment, key, language)


def commitment_paragraphs(commitment) -> Iterator[tuple[str, str, str, str]]:
    """(label_en, label_fr, text_en, text_fr) for each filled part of the commitment's template."""
    from coplan.commitments.selectors import COMMITMENT_TEMPLATE_FIELDS

    for key, label in COMMITMENT_TEMPLATE_FIELDS:
        if key in HEADING_KEYS:
            continue
        if key == "milestones":
            yield from _milestone_paragraphs(commitment)
            continue
        texts = _each_language(lambda language, key=key: _part_text(commitment, key, language))
        if not (texts["en"] or texts["fr"]):
            continue
        labels = _each_language(lambda _language, label=label: label)
        yield labels["en"], labels["fr"], texts["en"] or texts["fr"], texts["fr"] or texts["en"]


def _milestone_paragraphs(commitment) -> Iterator[tuple[str, str, str, str]]:
    for index, milestone in enumerate(commitment.milestones.all(), start=1):

        def label(_language: str, index: int = index) -> str:
            return _("Milestone %(number)s") % {"number": index}

        def text(language: str, milestone=milestone) -> str:
            values = {
                "description": _translated(milestone, "description", language),
                "organisation": _translated(milestone.responsible, "name", language),
            }
            if milestone.starts_on or milestone.ends_on:
                values["start"] = date_format(milestone.starts_on) if milestone.starts_on else "?"
                values["end"] = date_format(milestone.ends_on) if milestone.ends_on else "?"
                return (
                    _("%(description)s (from %(start)s to %(end)s; responsible: %(organisation)s)")
                    % values
                )
            return _("%(description)s (responsible: %(organisation)s)") % values

        labels, texts = _each_language(label), _each_language(text)
        yield labels["en"], labels["fr"], texts["en"], texts["fr"]
