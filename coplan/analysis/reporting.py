"""What We Heard: the figures and quotes of a report, computed in a fixed number of queries.

Scope: the published contributions of a process (or one of its phases). A campaign counts once
("voices") with its number of senders. Quotes are whole sentences cut from the text the public
sees (the redacted text when there is one) of contributions whose authors consented to
publication, so a quote is always an exact substring of a stored text; their languages follow the
report's participation (as many French quotes as French contributions, in proportion).
"""

from __future__ import annotations

import re

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, NullIf, TruncMonth
from django.utils import timezone

from coplan.commitments.models import ContributionLink
from coplan.contributions.models import Channel, Contribution, Language, ModerationState, Province
from coplan.plans.models import ChangeExplanation
from coplan.processes.models import Phase, Process

from .models import CampaignMember, Coding, ContributionAssessment, ContributionTranslation, Theme

QUOTES_PER_THEME = 2
QUOTE_MIN, QUOTE_MAX = 40, 320
CAMPAIGNS_SHOWN = 10
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def voice_key():
    """One key per voice: the campaign group, else the contribution itself."""
    return Coalesce(NullIf(F("duplicate_group"), Value("")), Cast("pk", CharField()))


def scope(process: Process, phase: Phase | None) -> Q:
    condition = Q(process=process, moderation_state=ModerationState.PUBLISHED)
    if phase is not None:
        condition &= Q(phase=phase)
    return condition


def pick_quote(text: str) -> str:
    """The first sentence of a readable length, cut verbatim from the text ('' if none)."""
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        if QUOTE_MIN <= len(sentence) <= QUOTE_MAX:
            return sentence
    stripped = text.strip()
    return stripped if QUOTE_MIN <= len(stripped) <= QUOTE_MAX else ""


def _breakdown(queryset, field: str, labels: dict) -> list[dict]:
    rows = (
        queryset.values(field)
        .annotate(senders=Count("pk"), voices=Count(voice_key(), distinct=True))
        .order_by(field)
    )
    return [
        {
            "key": str(row[field] or ""),
            "label_en": str(labels.get(row[field], {}).get("en", row[field] or "")),
            "label_fr": str(labels.get(row[field], {}).get("fr", row[field] or "")),
            "senders": row["senders"],
            "voices": row["voices"],
        }
        for row in rows
    ]


def _quotes_in_proportion(
    candidates: dict[int, dict[str, list[dict]]], senders: dict[str, int]
) -> dict[int, list[dict]]:
    """QUOTES_PER_THEME quotes per theme, their languages in proportion to participation.

    Each slot goes to the language furthest behind its share of the quotes chosen so far
    (across the whole report), among the languages this theme has a quote in; within a
    language, the most confident coding first.
    """
    total = sum(senders.values()) or 1
    share = {language: count / total for language, count in senders.items()}
    chosen_per_language: dict[str, int] = {}
    chosen = 0
    quotes: dict[int, list[dict]] = {}
    for theme_id, by_language in candidates.items():
        pools = {language: list(pool) for language, pool in by_language.items()}
        for _slot in range(QUOTES_PER_THEME):
            open_pools = [language for language, pool in pools.items() if pool]
            if not open_pools:
                break
            chosen += 1
            language = max(
                open_pools,
                key=lambda lang: (
                    share.get(lang, 0) * chosen - chosen_per_language.get(lang, 0),
                    share.get(lang, 0),
                ),
            )
            quotes.setdefault(theme_id, []).append(pools[language].pop(0))
            chosen_per_language[language] = chosen_per_language.get(language, 0) + 1
    return quotes


def _choice_labels(choices) -> dict:
    from django.utils import translation

    labels = {}
    for value, label in choices.choices:
        labels[value] = {}
        for language in ("en", "fr"):
            with translation.override(language):
                labels[value][language] = str(label)
    return labels


def report_data(*, process: Process, phase: Phase | None = None) -> dict:
    contributions = Contribution.objects.filter(scope(process, phase))
    totals = contributions.aggregate(senders=Count("pk"), voices=Count(voice_key(), distinct=True))
    participation = _participation(process, contributions)
    # Themes: confirmed codings only (a suggestion nobody confirmed is not what we heard).
    codings = Coding.objects.filter(
        confirmed=True, theme__process=process, contribution__in=contributions
    )
    theme_counts = {
        row["theme"]: row for row in codings.values("theme").annotate(**_coded_voices())
    }
    coded = codings.aggregate(**_coded_voices())
    themes = list(Theme.objects.filter(process=process, is_active=True).order_by("position", "pk"))
    quotes = _quotes(codings, {row["key"]: row["senders"] for row in participation["language"]})
    what_we_did = _what_we_did(process, contributions, [t.pk for t in themes])
    theme_rows = [
        _theme_row(theme, theme_counts.get(theme.pk), coded["voices"], quotes, what_we_did)
        for theme in themes
    ]
    theme_rows.sort(key=lambda row: (-row["voices"], row["code"]))
    return {
        "version": 1,
        "process": {"id": process.pk, "title_en": process.title_en, "title_fr": process.title_fr},
        "phase": (
            {"id": phase.pk, "name_en": phase.name_en, "name_fr": phase.name_fr} if phase else None
        ),
        "totals": {**totals, "coded_voices": coded["voices"], "coded_senders": coded["senders"]},
        "participation": participation,
        "themes": theme_rows,
        "campaigns": _campaigns(contributions),
    }


def _participation(process: Process, contributions: QuerySet[Contribution]) -> dict:
    """Who took part: senders and voices by channel, phase, language, province and month."""
    phases = {
        p.pk: {"en": p.name_en or p.name, "fr": p.name_fr or p.name}
        for p in Phase.objects.filter(process=process)
    }
    return {
        "channel": _breakdown(contributions, "channel", _choice_labels(Channel)),
        "phase": _breakdown(contributions, "phase", phases),
        "language": _breakdown(contributions, "language", _choice_labels(Language)),
        "province": _breakdown(
            contributions.exclude(province=""), "province", _choice_labels(Province)
        ),
        "month": _by_month(contributions),
    }


def _by_month(contributions: QuerySet[Contribution]) -> list[dict]:
    rows = (
        contributions.annotate(
            month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone())
        )
        .values("month")
        .annotate(senders=Count("pk"), voices=Count(voice_key(), distinct=True))
        .order_by("month")
    )
    return [
        {
            "key": row["month"].strftime("%Y-%m") if row["month"] else "",
            "label_en": row["month"].strftime("%Y-%m") if row["month"] else "",
            "label_fr": row["month"].strftime("%Y-%m") if row["month"] else "",
            "senders": row["senders"],
            "voices": row["voices"],
        }
        for row in rows
    ]


def _coded_voices() -> dict[str, Count]:
    """Senders and voices of confirmed codings (a campaign is one voice)."""
    return {
        "senders": Count("contribution", distinct=True),
        "voices": Count(
            Coalesce(
                NullIf(F("contribution__duplicate_group"), Value("")),
                Cast("contribution_id", CharField()),
            ),
            distinct=True,
        ),
    }


def _quotes(codings: QuerySet[Coding], senders: dict[str, int]) -> dict[int, list[dict]]:
    """Each theme's quotes, their languages in proportion to participation, each with its
    translation when staff made one."""
    quotes = _quotes_in_proportion(_quote_candidates(codings), senders)
    quoted = [q["contribution"] for qs in quotes.values() for q in qs]
    translations = {
        (t.contribution_id, t.language): t.text
        for t in ContributionTranslation.objects.filter(contribution_id__in=quoted)
    }
    for qs in quotes.values():
        for q in qs:
            other = "fr" if q["language"] == "en" else "en"
            q["translation"] = translations.get((q["contribution"], other), "")
            q["translation_language"] = other if q["translation"] else ""
    return quotes


def _quote_candidates(codings: QuerySet[Coding]) -> dict[int, dict[str, list[dict]]]:
    """Quotable candidates per theme and language, most confident first: the codings of
    consented, published, non-campaign contributions."""
    quote_rows = (
        codings.filter(contribution__consent_to_publish=True, contribution__duplicate_group="")
        .order_by("theme_id", F("confidence").desc(nulls_first=True), "contribution_id")
        .values_list(
            "theme_id",
            "contribution_id",
            "contribution__text",
            "contribution__redacted_text",
            "contribution__language",
        )
    )
    candidates: dict[int, dict[str, list[dict]]] = {}
    for theme_id, contribution_id, text, redacted, language in quote_rows.iterator():
        by_language = candidates.setdefault(theme_id, {})
        if len(by_language.get(language, ())) >= QUOTES_PER_THEME:
            continue
        quote = pick_quote(redacted or text)
        if quote:
            by_language.setdefault(language, []).append(
                {"contribution": contribution_id, "text": quote, "language": language}
            )
    return candidates


def _theme_row(
    theme: Theme,
    counts: dict | None,
    coded_voices: int,
    quotes: dict[int, list[dict]],
    what_we_did: dict[int, dict],
) -> dict:
    counts = counts or {"senders": 0, "voices": 0}
    return {
        "id": theme.pk,
        "code": theme.code,
        "parent": theme.parent_id,
        "name_en": theme.name_en,
        "name_fr": theme.name_fr,
        "senders": counts["senders"],
        "voices": counts["voices"],
        "share": round(100 * counts["voices"] / coded_voices, 1) if coded_voices else 0.0,
        "quotes": quotes.get(theme.pk, []),
        "did": what_we_did.get(theme.pk, {}),
    }


def _campaigns(contributions: QuerySet[Contribution]) -> dict:
    rows = list(
        contributions.exclude(duplicate_group="")
        .values("duplicate_group")
        .annotate(senders=Count("pk"))
        .order_by("-senders", "duplicate_group")
    )
    shown = rows[:CAMPAIGNS_SHOWN]
    members = {
        m.campaign.key: m
        for m in CampaignMember.objects.filter(
            campaign__key__in=[r["duplicate_group"] for r in shown],
            contribution=F("campaign__representative"),
        ).select_related("campaign", "contribution")
    }
    return {
        "count": len(rows),
        "senders": sum(r["senders"] for r in rows),
        "listed": [_campaign_listed(row, members.get(row["duplicate_group"])) for row in shown],
    }


def _campaign_listed(row: dict, member: CampaignMember | None) -> dict:
    """A campaign with its size, quoted from its letter when its sender consented."""
    listed = {"key": row["duplicate_group"], "senders": row["senders"], "quote": "", "language": ""}
    if member and member.contribution.consent_to_publish:
        listed["quote"] = pick_quote(member.contribution.public_text)
        listed["language"] = member.contribution.language
    return listed


def _what_we_did(
    process: Process, contributions: QuerySet[Contribution], theme_ids: list[int]
) -> dict[int, dict]:
    """Per theme: responses given, commitments linked, plan changes citing its contributions."""
    result: dict[int, dict] = {
        tid: {"responses": 0, "dispositions": [], "commitments": [], "plan_changes": 0}
        for tid in theme_ids
    }
    coded = Coding.objects.filter(
        confirmed=True, theme_id__in=theme_ids, contribution__in=contributions
    )
    _dispositions_given(result, coded)
    _responses_given(result, coded)
    _commitments_linked(result, coded)
    _plan_changes_citing(result, coded)
    for did in result.values():
        did["answered"] = bool(
            did["responses"] or did["dispositions"] or did["commitments"] or did["plan_changes"]
        )
    return result


def _dispositions_given(result: dict[int, dict], coded: QuerySet[Coding]) -> None:
    dispositions = (
        ContributionAssessment.objects.filter(
            contribution__codings__in=coded, disposition__isnull=False
        )
        .values(
            "contribution__codings__theme",
            "disposition__name_en",
            "disposition__name_fr",
            "disposition__position",
        )
        .annotate(count=Count("pk", distinct=True))
        .order_by("contribution__codings__theme", "disposition__position")
    )
    for row in dispositions:
        result[row["contribution__codings__theme"]]["dispositions"].append(
            {
                "name_en": row["disposition__name_en"],
                "name_fr": row["disposition__name_fr"],
                "count": row["count"],
            }
        )


def _responses_given(result: dict[int, dict], coded: QuerySet[Coding]) -> None:
    responses = (
        ContributionAssessment.objects.filter(contribution__codings__in=coded)
        .exclude(Q(response_en="") & Q(response_fr=""))
        .values("contribution__codings__theme")
        .annotate(count=Count("pk", distinct=True))
    )
    for row in responses:
        result[row["contribution__codings__theme"]]["responses"] = row["count"]


def _commitments_linked(result: dict[int, dict], coded: QuerySet[Coding]) -> None:
    links = (
        ContributionLink.objects.filter(contribution__codings__in=coded)
        .values(
            "contribution__codings__theme",
            "commitment_id",
            "commitment__title_en",
            "commitment__title_fr",
        )
        .annotate(count=Count("contribution", distinct=True))
        .order_by("contribution__codings__theme", "commitment_id")
    )
    for row in links:
        result[row["contribution__codings__theme"]]["commitments"].append(
            {
                "id": row["commitment_id"],
                "title_en": row["commitment__title_en"],
                "title_fr": row["commitment__title_fr"],
                "contributions": row["count"],
            }
        )


def _plan_changes_citing(result: dict[int, dict], coded: QuerySet[Coding]) -> None:
    changes = (
        ChangeExplanation.objects.filter(cited_comments__codings__in=coded)
        .values("cited_comments__codings__theme")
        .annotate(count=Count("pk", distinct=True))
    )
    for row in changes:
        result[row["cited_comments__codings__theme"]]["plan_changes"] = row["count"]
