import importlib

import pytest
from django.apps import apps

from coplan.commitments.models import Amendment
from coplan.contributions.models import Contribution
from tests.accounts.factories import UserFactory
from tests.commitments.factories import make_commitment

masking = importlib.import_module("coplan.commitments.migrations.0002_amendment_redacted")


def _stored_before_masking(commitment, replacement: str, reason: str) -> Amendment:
    """An amendment as amendment_propose stored it before issue 17: nothing masked."""
    contribution = Contribution.objects.create(
        process=commitment.process,
        kind="submission",
        text=f"{replacement}\n\n{reason}",
        language="en",
        consent_to_publish=True,
        moderation_state="published",
    )
    return Amendment.objects.create(
        commitment=commitment,
        contribution=contribution,
        field="description",
        language="en",
        replacement=replacement,
        reason=reason,
        based_on_version=1,
        author=UserFactory(),
    )


@pytest.mark.django_db
def test_migration_masks_amendments_stored_before_their_masked_copies():
    """Amendments already published with personal information get their masked copies, and
    their contribution a masked text; amendments with nothing to mask are left as they are."""
    commitment = make_commitment(status="draft")
    leaky = _stored_before_masking(
        commitment, "Call 613-555-0147 to help.", "Write to me at ann@example.net."
    )
    clean = _stored_before_masking(commitment, "Publish it all.", "It helps everyone.")
    masking.mask_existing(apps, None)
    leaky.refresh_from_db()
    leaky.contribution.refresh_from_db()
    assert leaky.public_replacement == "Call [phone number removed] to help."
    assert leaky.public_reason == "Write to me at [email removed]."
    assert leaky.contribution.public_text == (
        "Call [phone number removed] to help.\n\nWrite to me at [email removed]."
    )
    clean.refresh_from_db()
    clean.contribution.refresh_from_db()
    assert (clean.redacted_replacement, clean.redacted_reason) == ("", "")
    assert clean.contribution.redacted_text == ""
