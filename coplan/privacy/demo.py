"""Demo data of the privacy app: correction requests for staff to handle, one of them overdue.

Idempotent: each request is found again by its text. The retention runs are recorded by the
notifications demo, which runs after every app has loaded its demo records (this app's demo runs
before any of them, so a run here would find nothing).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import CorrectionRequest
from .selectors import overdue_correction_requests

REQUESTS = [
    {
        # Open, received a few days ago: due in about four weeks.
        "email": "camille.demo@example.com",
        "language": "fr",
        "details": (
            "Mon nom est mal orthographié dans l’inscription à la séance de Winnipeg : "
            "c’est « Camille Tremblay », pas « Camile Tremblé »."
        ),
        "days_ago": 3,
        "status": CorrectionRequest.Status.RECEIVED,
    },
    {
        # In progress for too long: past its 30 days, flagged as overdue in the admin.
        "email": "sam.demo@example.com",
        "language": "en",
        "details": (
            "The email address on my questionnaire response is an old one; please replace it "
            "with the address I am writing from."
        ),
        "days_ago": 41,
        "status": CorrectionRequest.Status.IN_PROGRESS,
    },
]


def load(stdout=None) -> None:
    now = timezone.now()
    for spec in REQUESTS:
        if CorrectionRequest.objects.filter(details=spec["details"]).exists():
            continue
        received = now - datetime.timedelta(days=spec["days_ago"])
        CorrectionRequest.objects.create(
            email=spec["email"],
            language=spec["language"],
            details=spec["details"],
            status=spec["status"],
            received_at=received,
            due_on=CorrectionRequest.due_date(received),
        )
    if stdout is not None:
        total = CorrectionRequest.objects.count()
        overdue = overdue_correction_requests().count()
        stdout.write(f"privacy: {total} correction requests, {overdue} overdue")
