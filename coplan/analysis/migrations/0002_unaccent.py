from django.db import migrations


def create_unaccent(apps, schema_editor):
    # Search compares words without accents in both languages: PostgreSQL's unaccent does it
    # best. A server without the extension must still migrate: 0004 then folds accents with
    # translate() instead.
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        available = cursor.fetchone() is not None
    if available:
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]
