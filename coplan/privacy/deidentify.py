"""De-identified values computed from a row, for registry entries whose text may carry people.

A contribution's own text is what was said, and stays; what identifies its author in it goes:
the text becomes its masked copy (the one moderators published, which they may have masked by
hand), masked again by today's detector, and the separate masked copy is dropped (the text now
is the masked copy). Provenance keeps only the keys that say how it came, never from whom.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.db import models
from django.utils.crypto import salted_hmac

from . import pii

# Provenance keys that describe a channel, never a person: ids of our own records, row and
# message numbers, the kind of form. Anything else (file names, Message-IDs, attachment names,
# facilitators, post ids) is dropped.
PROVENANCE_KEPT_KEYS = frozenset(
    {
        "source",
        "platform",
        "form",
        "demo",
        "message",
        "row",
        "mailbox",
        "amendment",
        "questionnaire",
        "question",
        "response",
        "event",
        "topic",
    }
)


# Channels whose references point at a person: a Message-ID often holds the sender's address,
# a post id leads to the author's public post. On retention the reference becomes a keyed digest,
# which importers also look for, so a re-imported archive still finds what it already holds.
REFERENCE_DIGEST_CHANNELS = frozenset({"email", "social"})
REFERENCE_DIGEST_PREFIX = "deidentified:"


def reference_digest(reference: str) -> str:
    """The keyed digest that replaces a personal reference (keyed: post ids can be enumerated)."""
    digest = salted_hmac("coplan.privacy.reference", reference, algorithm="sha256").hexdigest()
    return REFERENCE_DIGEST_PREFIX + digest


def reference_kept(obj: models.Model) -> str:
    """A contribution's reference, as its digest when its channel's references are personal."""
    reference = obj.external_ref
    if (
        not reference
        or obj.channel not in REFERENCE_DIGEST_CHANNELS
        or reference.startswith(REFERENCE_DIGEST_PREFIX)
    ):
        return reference
    return reference_digest(reference)


def masked(field: str, masked_copy: str | None = None) -> Callable[[models.Model], str]:
    """The field's text with personal details masked, starting from its masked copy if any."""

    def make(obj: models.Model) -> str:
        source = (getattr(obj, masked_copy, "") if masked_copy else "") or getattr(obj, field)
        if not source:
            return source
        return pii.redact(source, getattr(obj, "language", "") or "en")

    return make


def provenance_kept(obj: models.Model) -> dict:
    """The provenance without the keys that may name or point at a person."""
    provenance = obj.provenance if isinstance(obj.provenance, dict) else {}
    return {key: value for key, value in provenance.items() if key in PROVENANCE_KEPT_KEYS}


def page_path(obj: models.Model) -> str:
    """A page's address without its query string or fragment (which may carry a person's data)."""
    if not obj.page_url:
        return obj.page_url
    return urlsplit(obj.page_url).path
