from django.db import migrations


def create_unaccent(apps, schema_editor):
    # Search compares words without accents in both languages: PostgreSQL needs unaccent.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]

    operations = [migrations.RunPython(create_unaccent, migrations.RunPython.noop)]
