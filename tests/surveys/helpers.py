"""Helpers shared by this app's test modules (a test module never imports another)."""

from __future__ import annotations

import re

from django.utils import timezone

from coplan.surveys import services
from tests.surveys.factories import choice, question


def full_answers(q):
    return {
        question(q, "single").pk: {"choice": choice(q, "single", "Red").pk},
        question(q, "multiple").pk: {
            "choices": [choice(q, "multiple", "Ann").pk, choice(q, "multiple", "Cy").pk],
            "other": "Dee",
        },
        question(q, "ranking").pk: {
            "ranks": {
                choice(q, "ranking", "Access").pk: 1,
                choice(q, "ranking", "Data").pk: 2,
                choice(q, "ranking", "Science").pk: 3,
            }
        },
        question(q, "rating").pk: {"number": 4},
        question(q, "yes_no").pk: {"boolean": True},
        question(q, "short_text").pk: {"text": "Openness"},
        question(q, "long_text").pk: {"text": "Publish more data about budgets."},
        question(q, "province").pk: {"code": "QC"},
    }


def import_ranks(q, orders: list[list[str]], province: str = "ON") -> None:
    """Import responses ranking the ranking question's items in the given orders."""
    items = []
    for order in orders:
        answers = {
            question(q, "single").pk: {"choice": choice(q, "single", "Blue").pk},
            question(q, "ranking").pk: {
                "ranks": {choice(q, "ranking", label).pk: n for n, label in enumerate(order, 1)}
            },
            question(q, "province").pk: {"code": province},
        }
        items.append(
            services.ImportedResponse(answers=answers, language="en", submitted_at=timezone.now())
        )
    services.responses_import_bulk(questionnaire=q, responses=items)


def form_data(q) -> dict:
    return {
        f"q{question(q, 'single').pk}": str(choice(q, "single", "Blue").pk),
        f"q{question(q, 'multiple').pk}": [
            str(choice(q, "multiple", "Ann").pk),
            "other",
        ],
        f"q{question(q, 'multiple').pk}_other": "Dee",
        f"q{question(q, 'ranking').pk}_c{choice(q, 'ranking', 'Data').pk}": "2",
        f"q{question(q, 'ranking').pk}_c{choice(q, 'ranking', 'Access').pk}": "1",
        f"q{question(q, 'rating').pk}": "5",
        f"q{question(q, 'yes_no').pk}": "no",
        f"q{question(q, 'long_text').pk}": "More open data, please.",
        f"q{question(q, 'province').pk}": "NS",
    }


def review_then_send(client, q, data, *, prefix="/en", consent=True):
    response = client.post(f"{prefix}/questionnaires/{q.pk}/", data)
    assert response.status_code == 200, response.content.decode()[:3000]
    payload = response.context["review_form"]["payload"].value()
    return client.post(
        f"{prefix}/questionnaires/{q.pk}/send/",
        {"payload": payload, "consent_to_publish": "on" if consent else ""},
    )


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _answer(client, questionnaire, email, capture, *, prefix="/en", data=None):
    """Answer, review, then send with `email`; the confirmation task runs on commit."""
    address = f"{prefix}/questionnaires/{questionnaire.pk}/"
    review = client.post(address, data or form_data(questionnaire))
    assert review.status_code == 200, review.content.decode()[:2000]
    payload = review.context["review_form"]["payload"].value()
    with capture(execute=True):
        return client.post(
            f"{address}send/", {"payload": payload, "consent_to_publish": "on", "email": email}
        )


def _results(client, questionnaire, prefix="/en") -> str:
    return client.get(f"{prefix}/questionnaires/{questionnaire.pk}/results/").content.decode()
