from django.db import migrations

from coplan.analysis.search import pg_index_drop, pg_index_install


def create_search_index(apps, schema_editor):
    # PostgreSQL only: the English and French vectors of the text without accents, stored in
    # their own table with a GIN index and kept by triggers (SQLite has its FTS5 index since
    # 0003). Vectorises the existing contributions once.
    pg_index_install(schema_editor.connection)


def drop_search_index(apps, schema_editor):
    pg_index_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("analysis", "0003_queue_counts_and_search")]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
