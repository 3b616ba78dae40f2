from django.db import migrations

from coplan.analysis.search import pg_index_drop, pg_index_install


def create_search_index(apps, schema_editor):
    # PostgreSQL only: a GIN index over the English and French vectors of the text without
    # accents (SQLite has its FTS5 index since 0003).
    pg_index_install(schema_editor.connection)


def drop_search_index(apps, schema_editor):
    pg_index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("analysis", "0003_queue_counts_and_search")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
