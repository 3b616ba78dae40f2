"""Staff oversight pages: compliance evidence, lessons, process reviews."""

from __future__ import annotations

import pytest

from coplan.forum import compliance, services
from tests.forum.helpers import _check, _evidence_with_file, _login, _meeting

pytestmark = pytest.mark.django_db


# Seats and terms -----------------------------------------------------------------------------


# Workspace versions --------------------------------------------------------------------------


# Evidence files ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, 302),
        ("participant", 403),
        ("analyst", 200),
        ("forum member", 200),
        ("administrator", 200),
    ],
)
def test_evidence_file_download_per_role(client, forum, administrator, role, expected):
    evidence = _evidence_with_file(forum.process, administrator)
    _login(client, role)
    url = f"/en/forum/{forum.process.slug}/staff/compliance/evidence/{evidence.pk}/"
    response = client.get(url)
    _check(response, expected)
    if expected == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.7\nradio"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]


def test_evidence_link_on_staff_dashboard_only(client, forum, administrator):
    evidence = _evidence_with_file(forum.process, administrator)
    slug = forum.process.slug
    link = f"/en/forum/{slug}/staff/compliance/evidence/{evidence.pk}/"
    assert link not in client.get(f"/en/forum/{slug}/compliance/").content.decode()
    client.force_login(administrator)
    assert link in client.get(f"/en/forum/{slug}/staff/compliance/").content.decode()


def test_evidence_without_file_or_of_another_process_is_not_found(client, forum, administrator):
    from tests.processes.factories import ProcessFactory

    link_only = services.evidence_add(
        process=forum.process,
        requirement="3.2",
        description_en="x",
        description_fr="x",
        by=administrator,
        url="https://example.org/",
    )
    elsewhere = _evidence_with_file(ProcessFactory(), administrator)
    client.force_login(administrator)
    base = f"/en/forum/{forum.process.slug}/staff/compliance/evidence/"
    assert client.get(f"{base}{link_only.pk}/").status_code == 404
    assert client.get(f"{base}{elsewhere.pk}/").status_code == 404


def test_compliance_requirement_turns_met_with_evidence(client, forum, administrator):
    process = forum.process
    rows = {row.requirement.code: row for row in compliance.compliance_rows(process)}
    assert rows["1.4"].status == compliance.MISSING
    _meeting(forum)
    rows = {row.requirement.code: row for row in compliance.compliance_rows(process)}
    assert rows["1.4"].status == compliance.MET
    assert rows["3.2"].status in (compliance.MISSING, compliance.NOT_DUE)
    client.force_login(administrator)
    response = client.post(
        f"/en/forum/{process.slug}/staff/compliance/",
        {
            "requirement": "3.2",
            "description_en": "Radio interviews.",
            "description_fr": "Entrevues à la radio.",
            "url": "https://example.org/radio",
        },
    )
    assert response.status_code == 302
    rows = {row.requirement.code: row for row in compliance.compliance_rows(process)}
    assert rows["3.2"].status == compliance.MET


def test_evidence_without_link_or_file_refused(client, forum, administrator):
    client.force_login(administrator)
    response = client.post(
        f"/en/forum/{forum.process.slug}/staff/compliance/",
        {"requirement": "3.2", "description_en": "x", "description_fr": "x"},
    )
    assert response.status_code == 400
    assert "Give a web address or attach a file" in response.content.decode()


def test_only_administrators_attach_evidence(client, forum, analyst):
    client.force_login(analyst)
    response = client.post(
        f"/en/forum/{forum.process.slug}/staff/compliance/",
        {"requirement": "3.2", "description_en": "x", "description_fr": "x", "url": "https://a.b"},
    )
    assert response.status_code == 403


def test_lessons_published(client, forum, forum_member):
    process = forum.process
    client.force_login(forum_member)
    url = f"/en/forum/{process.slug}/staff/lessons/"
    client.post(url, {"lesson_en": "Start early.", "lesson_fr": "Commencer tôt."})
    assert "Commencer tôt." not in client.get(f"/fr/forum/{process.slug}/lessons/").content.decode()
    client.post(url + "publish/")
    assert "Commencer tôt." in client.get(f"/fr/forum/{process.slug}/lessons/").content.decode()


def test_process_review_questionnaire(client, forum, administrator):
    process = forum.process
    client.force_login(administrator)
    url = f"/en/forum/{process.slug}/staff/reviews/"
    assert client.post(url, {"phase": "planning"}).status_code == 302
    assert client.post(url, {"phase": "planning"}).status_code == 400
    assert client.post(url, {"phase": "nonsense"}).status_code == 400
    from coplan.surveys.models import Questionnaire

    questionnaire = Questionnaire.objects.get(opportunity__phase__process=process)
    assert questionnaire.questions.count() == 4
    assert client.get(f"/fr/questionnaires/{questionnaire.pk}/").status_code == 200
