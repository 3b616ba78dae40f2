from django.db import migrations

from coplan.opendata.uses import pg_drop, pg_install


def install(apps, schema_editor):
    # PostgreSQL only: each contribution's uses (themes, commitments, disposition…) stored for
    # the data set's CSV build, kept in step by triggers on the tables they come from.
    pg_install(schema_editor.connection)


def drop(apps, schema_editor):
    pg_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("opendata", "0001_initial"),
        ("analysis", "0004_postgresql_search_index"),
        ("commitments", "0001_initial"),
        ("contributions", "0002_supports_flags_page_feedback"),
    ]

    operations = [migrations.RunPython(install, drop)]
