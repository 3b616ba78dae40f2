"""The bulk path: same languages as the web path, redaction never skipped wrongly, and a
re-import that does no work on posts the corpus already holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.contributions import language
from coplan.contributions.models import Contribution
from coplan.intake import storing
from coplan.intake.social import social_export_import
from coplan.privacy import pii

TEXTS = {
    "en": [
        "Please publish the contract data every month",
        "I think the budget should be easier to read",
        "Why is the access to information office so slow?",
        "Publish the datasets in CSV not PDF, see https://open.canada.ca/data",
        "Thanks for listening to us at the town hall last night",
    ],
    "fr": [
        "Publiez les données sur les contrats chaque mois",
        "Je pense que le budget devrait être plus facile à lire",
        "Pourquoi le bureau d'accès à l'information est-il si lent?",
        "Merci de nous avoir écoutés hier soir à l'assemblée publique",
        "Laissez les jeunes participer à la consultation aussi",
        "Merci!",
    ],
    "other": [
        "Creo que el presupuesto debería ser más fácil de leer",
        "Bitte veröffentlichen Sie die Vertragsdaten jeden Monat",
        "Penso che il bilancio dovrebbe essere più facile da leggere",
        "Publiceer de contractgegevens elke maand alstublieft",
        "Proszę publikować dane o umowach co miesiąc",
        "Пожалуйста, публикуйте данные о контрактах каждый месяц",
        "ਕਿਰਪਾ ਕਰਕੇ ਹਰ ਮਹੀਨੇ ਡਾਟਾ ਪ੍ਰਕਾਸ਼ਿਤ ਕਰੋ",
        "Vui lòng công bố dữ liệu hợp đồng mỗi tháng",
    ],
    # Only texts without letters: a short text is told apart between English and French.
    "unknown": ["👍👍👍", "https://example.org/some/long/path", "1234 5678", ""],
}


def test_bulk_detection_tells_english_french_other_and_unknown():
    texts = [text for texts in TEXTS.values() for text in texts]
    expected = [code for code, texts in TEXTS.items() for _text in texts]
    assert language.detect_languages_in_bulk(texts) == expected


def test_bulk_detection_agrees_with_the_web_path_where_the_web_path_is_sure():
    texts = [text for texts in TEXTS.values() for text in texts]
    texts += ["Bonjour hello", "Open data données ouvertes", "me@example.org merci beaucoup"]
    for text, quick, web in zip(
        texts,
        language.detect_languages_in_bulk(texts),
        language.detect_languages(texts),
        strict=True,
    ):
        assert quick == web, text


def test_short_or_link_only_texts_are_unknown_as_on_the_web():
    for text in ["OK", "https://example.org/a/very/long/address/indeed", "a@b.org a@b.org", "   "]:
        assert language._prepared(text) is None
        assert language.detect_languages_in_bulk([text]) == language.detect_languages([text])


@pytest.mark.parametrize(
    "text",
    [
        "Call me at 613-957-7154",
        "Write to jane.doe@example.org",
        "My SIN is 046 454 286",
        "Card 4111 1111 1111 1111",
        "I live at K1A 0B1",
        "+33 1 23 45 67 89",
        "Write to jane (at) example (dot) ca",
        "My health card is 1234-567-890-AB",
        "My passport number is AB123456",
        "Born on March 3, 1985",
        "I live at 42 Wellington Street",
        "Regards,\nJane Doe",
        "je m'appelle Jeanne Tremblay",
    ],
)
def test_the_redaction_filter_lets_every_kind_of_finding_through(text):
    # The bulk path skips pii.redact for texts pii.may_hold rules out: each kind it knows must
    # pass that filter, or the filter would let personal details through.
    assert pii.detect(text)
    assert pii.may_hold(text)


def test_every_kind_of_finding_is_in_the_filter_test_above():
    kinds = {
        finding.kind
        for case in test_the_redaction_filter_lets_every_kind_of_finding_through.pytestmark[0].args[
            1
        ]
        for finding in pii.detect(case)
    }
    assert kinds == set(pii.KINDS)


def test_personal_details_are_masked_on_the_bulk_path(process):
    data = (
        b"platform,post id,text,time\n"
        b"twitter,1,Call the office at 613-957-7154 about open data,2018-01-05\n"
        b"twitter,2,Nothing personal in this post about open data,2018-01-05\n"
    )
    social_export_import(process=process, uploaded_file=data, filename="p.csv")
    masked = Contribution.objects.get(external_ref="twitter:1")
    assert "613" not in masked.public_text and "[phone number removed]" in masked.public_text
    assert Contribution.objects.get(external_ref="twitter:2").redacted_text == ""


def test_a_reimport_parses_detects_and_redacts_nothing(process, monkeypatch):
    rows = "".join(
        f"twitter,{n},Post number {n} about open contracting data,2018-01-05\n" for n in range(30)
    )
    data = f"platform,post id,text,time\n{rows}".encode()
    social_export_import(process=process, uploaded_file=data, filename="p.csv")

    def forbidden(*args, **kwargs):
        raise AssertionError("work done on a post already imported")

    monkeypatch.setattr("coplan.intake.social.parse_when", forbidden)
    monkeypatch.setattr(storing, "detect_languages_in_bulk", forbidden)
    monkeypatch.setattr(storing.pii, "redact", forbidden)
    again = social_export_import(process=process, uploaded_file=data, filename="p.csv")
    assert (again.read_count, again.imported_count, again.duplicate_count) == (30, 0, 30)
    assert Contribution.objects.count() == 30


def test_duplicates_within_one_file_and_across_chunks(process, monkeypatch):
    monkeypatch.setattr("coplan.intake.social.CHUNK_SIZE", 4)
    monkeypatch.setattr(storing, "CHUNK_SIZE", 4)
    rows = "".join(
        f"twitter,{n % 7},Post number {n % 7} about open data,2018-01-05\n" for n in range(20)
    )
    run = social_export_import(
        process=process, uploaded_file=f"platform,post id,text,time\n{rows}".encode(), filename="p"
    )
    assert (run.read_count, run.imported_count, run.duplicate_count) == (20, 7, 13)
    assert Contribution.objects.filter(channel="social").count() == 7


def test_reference_lookups_use_the_unique_index(process):
    # Without the index, each chunk's lookup scans the whole corpus: a 100,000-row import
    # then slows down as the corpus grows.
    social_export_import(
        process=process,
        uploaded_file=b"platform,post id,text,time\ntwitter,1,Open data please,2018-01-05\n",
        filename="p.csv",
    )
    stored = Contribution.objects.get()
    with CaptureQueriesContext(connection) as captured:
        found = storing.refs_in_corpus("social", ["twitter:1", "twitter:2"])
    assert found == {"twitter:1": stored.pk}
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "contribution_unique_external_ref" in plan, plan
        elif connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            cursor.execute(f"EXPLAIN {query['sql']}")
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "contribution_unique_external_ref" in plan, plan
