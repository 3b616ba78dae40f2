"""Versions every web process sees: a counter in the cache and, with a cache of each process's
own memory, the stamp of a small file replaced on each change."""

from __future__ import annotations

import pytest
from django.db import transaction

from coplan.core import stamps

LOCAL = "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def version_file(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": LOCAL}}
    settings.COPLAN_CONTENT_VERSION_FILE = str(tmp_path / "content-version")
    return tmp_path / "content-version"


def test_each_scope_has_its_file_and_items_a_folder_of_their_own(version_file):
    assert stamps.shared_stamp_file("") == version_file
    assert stamps.shared_stamp_file("accounts") == version_file.with_name(
        "content-version.accounts"
    )
    assert stamps.shared_stamp_file("process-3") == version_file.with_name(
        "content-version.process-3"
    )
    assert stamps.shared_stamp_file("idea-12") == version_file.with_name(
        "content-version.items"
    ) / ("idea-12")


def test_a_shared_cache_needs_no_file(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert stamps.shared_stamp_file("accounts") is None


def test_a_missing_file_has_a_stamp_and_replacing_it_changes_the_stamp(version_file):
    assert stamps.file_stamp(version_file) == "0"
    stamps.bump("")
    first = stamps.file_stamp(version_file)
    stamps.bump("")
    assert first != "0" and stamps.file_stamp(version_file) != first


def test_bump_changes_the_counter_and_the_file_of_its_scope_only(version_file):
    before = {scope: stamps.shared_stamp(scope) for scope in ("accounts", "idea-4", "")}
    stamps.bump("idea-4")
    after = {scope: stamps.shared_stamp(scope) for scope in before}
    assert after["idea-4"] != before["idea-4"]
    assert after["accounts"] == before["accounts"] and after[""] == before[""]
    assert after["idea-4"].startswith("2.")


def test_a_version_file_that_cannot_be_replaced_does_not_fail_the_change(version_file, caplog):
    # A folder in the file's place: os.replace cannot put a file over it.
    version_file.mkdir()
    (version_file / "inside").write_text("")
    before = stamps.shared_stamp("")
    stamps.bump("")
    assert stamps.shared_stamp("") != before  # the counter still moved
    assert "could not replace the content version file" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_stamp_changes_again_at_commit(version_file):
    with transaction.atomic():
        stamps.shared_stamp_bump("accounts")
        during = stamps.shared_stamp("accounts")
    assert stamps.shared_stamp("accounts") != during
    outside = stamps.shared_stamp("accounts")
    stamps.shared_stamp_bump("accounts")
    assert stamps.shared_stamp("accounts") != outside
