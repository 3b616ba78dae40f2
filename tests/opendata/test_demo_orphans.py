"""A fresh database publishes its data set even when files of an older database remain."""

import io

import pytest
from django.core.management import call_command

from coplan.opendata.models import DataSetVersion


@pytest.mark.django_db
def test_demo_publishes_over_files_left_by_another_database(settings, tmp_path):
    call_command("demo", stdout=io.StringIO())
    published = DataSetVersion.objects.filter(status="published").count()
    assert published >= 1
    # Forget the database (as a user who deletes var/coplan.sqlite3), keep the files.
    DataSetVersion.objects.all().delete()
    call_command("demo", stdout=io.StringIO())
    assert DataSetVersion.objects.filter(status="published").count() == published
