"""Full-text search over contributions in both languages.

On PostgreSQL: the English and French text-search configurations together over the text without
accents (unaccent extension, created by migration 0002); a match in either language counts.
Elsewhere (SQLite): every word of the query must occur in the text, compared without case or
accents through a folding function registered on every connection.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField

SEARCH_MAX_LENGTH = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents: 'Élaborer' → 'elaborer'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def install_sqlite_functions(sender, connection, **kwargs) -> None:  # noqa: ARG001
    if connection.vendor == "sqlite":
        connection.connection.create_function("coplan_fold", 1, fold, deterministic=True)


class Fold(Func):
    function = "coplan_fold"
    output_field = TextField()


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Contributions whose text matches the query, in English or French."""
    query = (query or "").strip()[:SEARCH_MAX_LENGTH]
    words = _WORD.findall(query)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        unaccented = Func(F("text"), function="unaccent", output_field=TextField())
        vector = SearchVector(unaccented, config="english") + SearchVector(
            unaccented, config="french"
        )
        terms = " ".join(fold(word) for word in words)
        matched = SearchQuery(terms, config="english", search_type="plain") | SearchQuery(
            terms, config="french", search_type="plain"
        )
        return queryset.annotate(search_vector=vector).filter(search_vector=matched)
    condition = Q()
    annotated = queryset.annotate(folded_text=Fold(F("text")))
    for word in words:
        condition &= Q(folded_text__contains=fold(word))
    return annotated.filter(condition)
