"""Masked copies of amendments' proposed text and reason.

Amendments proposed before this migration were stored without them, and their contribution
without a masked text: both are filled here with the corpus's masking rule, so that amendments
already published stop showing personal information.
"""

from django.db import migrations, models


def mask_existing(apps, schema_editor):
    from coplan.contributions.services import redacted_or_blank

    Amendment = apps.get_model("commitments", "Amendment")
    Contribution = apps.get_model("contributions", "Contribution")
    for amendment in Amendment.objects.order_by("pk").iterator(chunk_size=500):
        replacement = redacted_or_blank(amendment.replacement, amendment.language)
        reason = redacted_or_blank(amendment.reason, amendment.language)
        if not (replacement or reason):
            continue
        Amendment.objects.filter(pk=amendment.pk).update(
            redacted_replacement=replacement, redacted_reason=reason
        )
        contribution = Contribution.objects.get(pk=amendment.contribution_id)
        if not contribution.redacted_text:
            Contribution.objects.filter(pk=contribution.pk).update(
                redacted_text=redacted_or_blank(contribution.text, amendment.language)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("contributions", "0002_supports_flags_page_feedback"),
    ]

    operations = [
        migrations.AddField(
            model_name="amendment",
            name="redacted_reason",
            field=models.TextField(blank=True, verbose_name="redacted reason"),
        ),
        migrations.AddField(
            model_name="amendment",
            name="redacted_replacement",
            field=models.TextField(blank=True, verbose_name="redacted replacement text"),
        ),
        migrations.RunPython(mask_existing, migrations.RunPython.noop),
    ]
