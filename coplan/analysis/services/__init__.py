"""Analysis use cases: one keyword-only, atomic function each, one module per part of the
analyst's work. Callers keep `from coplan.analysis import services; services.<use case>`."""

from .campaigns import campaigns_detect
from .coding import (
    TRANSLATION_MAX_LENGTH,
    contribution_code,
    suggestion_accept,
    suggestion_reject,
    translation_save,
)
from .dispositions import (
    disposition_delete,
    disposition_save,
)
from .languages import languages_tag
from .reports import report_create, report_publish
from .suggestions import (
    MIN_EXAMPLES_PER_THEME,
    MODERATION_MIN_DECISIONS,
    SUGGESTION_MIN_CONFIDENCE,
    moderation_model_train,
    suggestions_refresh,
    suggestions_train,
)
from .themes import theme_create, theme_merge, theme_split, theme_update
from .topics import topic_adopt, topics_discover

__all__ = [
    "MIN_EXAMPLES_PER_THEME",
    "MODERATION_MIN_DECISIONS",
    "SUGGESTION_MIN_CONFIDENCE",
    "TRANSLATION_MAX_LENGTH",
    "campaigns_detect",
    "contribution_code",
    "disposition_delete",
    "disposition_save",
    "languages_tag",
    "moderation_model_train",
    "report_create",
    "report_publish",
    "suggestion_accept",
    "suggestion_reject",
    "suggestions_refresh",
    "suggestions_train",
    "theme_create",
    "theme_merge",
    "theme_split",
    "theme_update",
    "topic_adopt",
    "topics_discover",
    "translation_save",
]
