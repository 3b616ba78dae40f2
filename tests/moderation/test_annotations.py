"""Advice in the moderation queue: other apps annotate it through a registry (moderation never
imports them); the analysis app flags likely rejections with their score, moderators decide."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.analysis.moderation_advice import ANNOTATION_NAME
from coplan.contributions.models import Contribution, ModerationState
from coplan.moderation.annotations import (
    QueueAnnotation,
    annotate_queue,
    register_queue_annotation,
    unregister_queue_annotation,
)
from tests.analysis.conftest import (
    SPAM,
    corpus_rows,
    make_contributions,
    train_moderation_model,
)

pytestmark = pytest.mark.django_db

QUEUE = "/en/staff/moderation/"


@pytest.fixture
def trained(process):
    train_moderation_model(process)


def _pending(process, texts, start=500):
    return make_contributions(
        process, [{"text": t} for t in texts], start=start, moderation_state="pending"
    )


def _notes(html: str) -> int:
    return html.count("data-queue-note")


def test_high_risk_flagged_low_risk_not(client, moderator, process, trained):
    spam, fine = _pending(process, [SPAM.format(99), corpus_rows()[45]["text"]])
    client.force_login(moderator)
    response = client.get(QUEUE)
    html = response.content.decode()
    items = {item.pk: item for item in response.context["items"]}
    assert [n.label for n in items[spam.pk].queue_notes] == ["Likely to be rejected"]
    assert items[fine.pk].queue_notes == []
    assert _notes(html) == 1
    assert "Rejection risk" in html and "advice only" in html
    assert "the decision is always yours" in html
    # The score shown is the model's.
    detail = items[spam.pk].queue_notes[0].detail
    percent = int(detail.split("%")[0].split()[-1])
    assert 50 <= percent <= 100
    # Nothing was decided by the flag.
    spam.refresh_from_db()
    assert spam.moderation_state == ModerationState.PENDING


def test_flag_in_french(client, moderator, process, trained):
    _pending(process, [SPAM.format(98)])
    client.force_login(moderator)
    html = client.get("/fr/staff/moderation/").content.decode()
    assert "Probablement rejetée" in html and "simple avis" in html


def test_moderator_still_decides(client, moderator, process, trained):
    (spam,) = _pending(process, [SPAM.format(97)])
    client.force_login(moderator)
    response = client.post(
        "/en/staff/moderation/decide/",
        {"ids": [spam.pk], "action": "approve", "next": QUEUE},
    )
    assert response.status_code == 302
    assert Contribution.objects.get(pk=spam.pk).moderation_state == ModerationState.PUBLISHED


def test_permissions_unchanged(client, analyst, user, process, trained):
    _pending(process, [SPAM.format(96)])
    for person in (analyst, user):
        client.force_login(person)
        assert client.get(QUEUE).status_code == 403
    client.logout()
    assert client.get(QUEUE).status_code == 302


def test_no_model_no_flag(client, moderator, process):
    _pending(process, [SPAM.format(95)])
    client.force_login(moderator)
    html = client.get(QUEUE).content.decode()
    assert _notes(html) == 0 and "the decision is always yours" not in html


def test_flags_cost_the_same_queries_for_2_or_40_items(client, moderator, process, trained):
    client.force_login(moderator)
    _pending(process, [SPAM.format(90), corpus_rows()[46]["text"]])
    client.get(QUEUE)  # the model is read once per server process
    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    _pending(process, [SPAM.format(200 + i) for i in range(20)], start=600)
    _pending(process, [r["text"] for r in corpus_rows()[50:68]], start=700)
    with CaptureQueriesContext(connection) as large:
        html = client.get(QUEUE).content.decode()
    assert len(large) == len(small)
    assert _notes(html) >= 20


def test_registry_hook_and_failing_source(client, moderator, process):
    (item,) = _pending(process, ["An ordinary comment."])

    def tell(items):
        return {i.pk: QueueAnnotation(label="Seen by the test", detail="d") for i in items}

    def broken(items):
        raise RuntimeError("advice source down")

    register_queue_annotation("test.tell", tell)
    register_queue_annotation("test.broken", broken)
    try:
        notes = annotate_queue([item])
        assert [n.label for n in notes[item.pk]] == ["Seen by the test"]
        client.force_login(moderator)
        response = client.get(QUEUE)
        assert response.status_code == 200 and "Seen by the test" in response.content.decode()
    finally:
        unregister_queue_annotation("test.tell")
        unregister_queue_annotation("test.broken")
    assert "test.tell" not in str(annotate_queue([item]))


def test_analysis_registers_its_advice():
    from coplan.moderation import annotations

    assert ANNOTATION_NAME in annotations._annotators
    assert annotate_queue([]) == {}
