"""The de-identified values computed from a row (privacy.deidentify): a contribution's words stay
with what identifies its author masked, its provenance and page address lose what may point at a
person, and personal references become keyed digests that a re-import still finds."""

from __future__ import annotations

from coplan.contributions.models import Contribution
from coplan.privacy.deidentify import (
    REFERENCE_DIGEST_PREFIX,
    masked,
    page_path,
    provenance_kept,
    reference_digest,
    reference_kept,
)


def test_the_digest_of_a_reference_is_keyed_stable_and_prefixed(settings):
    digest = reference_digest("msgid:jane@example.org")
    assert digest == reference_digest("msgid:jane@example.org")
    assert digest.startswith(REFERENCE_DIGEST_PREFIX) and "jane" not in digest
    assert digest != reference_digest("msgid:john@example.org")
    # Keyed by the site's secret: the same post id gives another digest on another site.
    settings.SECRET_KEY = "another site's secret key, long enough for the check" * 2
    assert reference_digest("msgid:jane@example.org") != digest


def test_only_the_references_of_personal_channels_are_digested_and_only_once():
    email = Contribution(channel="email", external_ref="msgid:jane@example.org")
    social = Contribution(channel="social", external_ref="twitter:1234")
    row = Contribution(channel="in_person", external_ref="notes.csv:3")
    assert reference_kept(email) == reference_digest("msgid:jane@example.org")
    assert reference_kept(social) == reference_digest("twitter:1234")
    assert reference_kept(row) == "notes.csv:3"
    assert reference_kept(Contribution(channel="email", external_ref="")) == ""
    done = Contribution(channel="email", external_ref=reference_kept(email))
    assert reference_kept(done) == done.external_ref


def test_masking_starts_from_the_moderators_copy_and_masks_again_in_its_language():
    by_hand = Contribution(
        text="Call Jane at 613-555-0147.",
        redacted_text="Call [name removed] at 613-555-0147.",
        language="fr",
    )
    value = masked("text", "redacted_text")(by_hand)
    assert value.startswith("Call [name removed] at ")
    assert "613-555-0147" not in value and "[numéro de téléphone retiré]" in value
    plain = Contribution(text="Call 613-555-0147 please.", language="en")
    assert masked("text", "redacted_text")(plain) == "Call [phone number removed] please."
    assert masked("title")(Contribution(title="")) == ""


def test_provenance_keeps_only_keys_that_name_no_one():
    contribution = Contribution(
        provenance={
            "source": "email",
            "mailbox": 3,
            "message": 12,
            "filename": "jane-roe-brief.pdf",
            "message_id": "<abc@jane.example.org>",
            "facilitator": "Jane Roe",
        }
    )
    assert provenance_kept(contribution) == {"source": "email", "mailbox": 3, "message": 12}
    assert provenance_kept(Contribution(provenance=None)) == {}


def test_a_page_address_loses_its_query_and_fragment():
    feedback = Contribution(page_url="/en/processes/plan/?email=jane@example.org#reply-jane")
    assert page_path(feedback) == "/en/processes/plan/"
    assert page_path(Contribution(page_url="")) == ""
