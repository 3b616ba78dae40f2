"""Demo: the codebook, dispositions, coded contributions from the corpus, a published report.

Contributions come from the evaluation corpus (every other row), imported through the
contributions app's bulk import and published through the moderation service. Two thirds are
coded by the demo analyst from their corpus labels; the rest get machine suggestions. A small
form-letter campaign shows campaign counting. Idempotent: a second run changes nothing.

They are the 4th plan's submissions (October 2017 to January 2018): each is approved the morning
after it arrived, coded in February 2018, and the What We Heard report is a snapshot of
June 15, 2018 published with the final plan on June 28, 2018 (`_date_history`).
"""

from __future__ import annotations

import csv
import datetime
import random

from django.db import transaction

from coplan.accounts.models import User
from coplan.contributions.models import Contribution, ModerationState
from coplan.processes.demo import SLUG, TZ, at
from coplan.processes.models import Process

from . import services
from .codebook import DEMO_CODEBOOK, DEMO_DISPOSITIONS, corpus_path
from .models import (
    Campaign,
    Coding,
    ContributionAssessment,
    Disposition,
    Report,
    Theme,
    TopicRun,
    TrainedModel,
)

DEMO_REF = "analysis-demo-"
PROVINCES = ["ON", "QC", "BC", "AB", "NS", "MB", "NB", "SK", "NL", "PE", "YT", "NT", "NU", ""]
CAMPAIGN_LETTER = (
    "I am writing to ask the Government of Canada to create a public registry of the beneficial "
    "owners of companies. Anonymous shell companies make it easy to hide money laundering, tax "
    "evasion and corruption.\n\n"
    "A free, searchable registry, built with the provinces and territories, would let "
    "journalists, police and citizens see who really owns and controls a company."
)
CAMPAIGN_SIZE = 12


def ensure_codebook(process: Process) -> dict[str, Theme]:
    themes = {t.code: t for t in Theme.objects.filter(process=process)}
    position = 0
    for code, en, fr, den, dfr, children in DEMO_CODEBOOK:
        if code not in themes:
            themes[code] = services.theme_create(
                process=process,
                code=code,
                name_en=en,
                name_fr=fr,
                description_en=den,
                description_fr=dfr,
                position=position,
            )
        position += 1
        for ccode, cen, cfr, cden, cdfr in children:
            if ccode not in themes:
                themes[ccode] = services.theme_create(
                    process=process,
                    code=ccode,
                    name_en=cen,
                    name_fr=cfr,
                    description_en=cden,
                    description_fr=cdfr,
                    parent=themes[code],
                    position=position,
                )
            position += 1
    for number, (code, en, fr, counts) in enumerate(DEMO_DISPOSITIONS):
        Disposition.objects.get_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_fr": fr,
                "position": number,
                "counts_as_response": counts,
            },
        )
    return themes


def _rows() -> list[dict]:
    with open(corpus_path(), encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load(stdout=None) -> None:
    from coplan.contributions.services import contributions_import_bulk

    process = Process.objects.filter(slug=SLUG).first()
    if process is None:
        return
    if Report.objects.filter(process=process, status=Report.Status.PUBLISHED).exists():
        return  # loaded before: the published report is the demo's last step
    themes = ensure_codebook(process)
    analyst = User.objects.filter(email="analyst@example.org").first()
    rows = [row for row in _rows() if int(row["id"]) % 2 == 1]
    rng = random.Random(2018)  # noqa: S311 - demo spread, not security
    start = datetime.datetime(2017, 10, 2, 14, 0, tzinfo=datetime.UTC)
    by_channel: dict[str, list[dict]] = {"web": [], "email": [], "in_person": []}
    for index, row in enumerate(rows):
        channel = ("web", "web", "email", "in_person")[index % 4]
        by_channel[channel].append(
            {
                "text": row["text"],
                "external_ref": f"{DEMO_REF}{row['id']}",
                "received_at": start + datetime.timedelta(hours=9 * index + rng.randint(0, 8)),
                "province": rng.choice(PROVINCES),
                "consent_to_publish": index % 7 != 0,
                "language": row["language"],
            }
        )
    letter_rows = []
    for copy in range(CAMPAIGN_SIZE):
        text = CAMPAIGN_LETTER
        if copy % 3 == 1:
            text = text.replace("I am writing to ask", "I write to urge")
        if copy % 4 == 2:
            first, second = text.split("\n\n")
            text = f"{second}\n\n{first}"
        if copy == 5:
            text += (
                "\n\nIn my town, three houses on my street were bought by numbered companies "
                "and stand empty."
            )
        letter_rows.append(
            {
                "text": text,
                "external_ref": f"{DEMO_REF}letter-{copy}",
                "received_at": start + datetime.timedelta(days=40, hours=copy),
                "province": PROVINCES[copy % 13],
                "consent_to_publish": True,
                "language": "en",
            }
        )
    by_channel["email"].extend(letter_rows)
    for channel, channel_rows in by_channel.items():
        contributions_import_bulk(
            rows=channel_rows, process=process, channel=channel, kind="submission"
        )
    demo = Contribution.objects.filter(process=process, external_ref__startswith=DEMO_REF)
    # Everything the 4th plan received was decided while it ran (its imported emails, posts and
    # notes and its questionnaires' free answers too): a completed process has no pending item.
    pending = Contribution.objects.filter(
        process=process, moderation_state=ModerationState.PENDING
    ).values_list("pk", "received_at")
    moderator = User.objects.filter(email="moderator@example.org").first()
    if pending:
        from coplan.moderation.services import contributions_moderate

        # Each day's submissions approved the next morning (the log takes each decision with
        # its own time): one call per day of the consultation.
        by_morning: dict[datetime.datetime, list[int]] = {}
        for pk, received_at in pending:
            day = received_at.astimezone(TZ).date() + datetime.timedelta(days=1)
            morning = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=TZ)
            by_morning.setdefault(morning, []).append(pk)
        for morning, ids in sorted(by_morning.items()):
            contributions_moderate(
                contribution_ids=ids, action="approve", moderator=moderator, decided_at=morning
            )
    # Code two thirds from the corpus labels (the demo analyst's work).
    labels = {f"{DEMO_REF}{row['id']}": row["themes"].split(";") for row in rows}
    by_ref = dict(demo.values_list("external_ref", "pk"))
    dispositions = list(Disposition.objects.all())
    codings = []
    assessments = []
    for index, (ref, codes) in enumerate(sorted(labels.items())):
        if index % 3 == 2 or ref not in by_ref:
            continue
        for code in codes:
            codings.append(
                Coding(
                    contribution_id=by_ref[ref],
                    theme=themes[code],
                    source=Coding.Source.HUMAN,
                    confirmed=True,
                    coded_by=analyst,
                )
            )
        if index % 4 == 0:
            assessments.append(
                ContributionAssessment(
                    contribution_id=by_ref[ref],
                    disposition=dispositions[index % len(dispositions)],
                    primary_theme=themes[codes[0]],
                    response_en="Thank you: this idea informed the commitments of the plan.",
                    response_fr="Merci : cette idée a éclairé les engagements du plan.",
                    assessed_by=analyst,
                )
            )
    Coding.objects.bulk_create(codings, ignore_conflicts=True)
    ContributionAssessment.objects.bulk_create(assessments, ignore_conflicts=True)
    services.campaigns_detect(process=process)
    letter_ids = list(
        demo.filter(external_ref__startswith=f"{DEMO_REF}letter-").values_list("pk", flat=True)
    )
    Coding.objects.bulk_create(
        [
            Coding(
                contribution_id=pk,
                theme=themes["corporate-transparency"],
                source=Coding.Source.HUMAN,
                confirmed=True,
                coded_by=analyst,
            )
            for pk in letter_ids
        ],
        ignore_conflicts=True,
    )
    services.suggestions_train(process=process)
    report = services.report_create(process=process, user=analyst)
    services.report_publish(report=report)
    _date_history(process)
    if stdout is not None:
        stdout.write(f"analysis: {demo.count()} demo contributions, {len(themes)} themes")


def _date_history(process: Process) -> None:
    """Date the analysis of the 4th plan when it happened (the services stamp "now")."""
    demo = Contribution.objects.filter(process=process, external_ref__startswith=DEMO_REF)
    coded = at(2018, 2, 20)
    Theme.objects.filter(process=process).update(created_at=at(2018, 1, 30))
    # The analyst's codes and the machine's suggestions for every contribution of the process
    # (the corpus, but also the intake and the comments on the draft plan): at the latest a
    # day after the contribution arrived.
    codings = Coding.objects.filter(contribution__process=process)
    codings.filter(contribution__received_at__lte=coded).update(created_at=coded)
    for coding in codings.filter(contribution__received_at__gt=coded).select_related(
        "contribution"
    ):
        Coding.objects.filter(pk=coding.pk).update(
            created_at=coding.contribution.received_at + datetime.timedelta(days=1)
        )
    ContributionAssessment.objects.filter(contribution__in=demo.values("pk")).update(
        updated_at=coded
    )
    Campaign.objects.filter(process=process).update(detected_at=at(2018, 2, 14))
    TrainedModel.objects.filter(process=process).update(trained_at=coded)
    TopicRun.objects.filter(process=process).update(created_at=coded)
    Report.objects.filter(process=process).update(
        snapshot_at=at(2018, 6, 15), published_at=at(2018, 6, 28, 9)
    )
