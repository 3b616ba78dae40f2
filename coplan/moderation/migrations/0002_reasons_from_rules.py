"""The rejection reasons every installation starts with, quoted from the rules of participation
(staff can edit them, add others or retire them afterwards)."""

from django.db import migrations

REASONS = [
    (
        "abusive",
        "Abusive, threatening, discriminatory or defamatory",
        "Injurieux, menaçant, discriminatoire ou diffamatoire",
    ),
    (
        "personal-information",
        "Contains personal information about the author or others",
        "Contient des renseignements personnels sur l’auteur ou sur d’autres personnes",
    ),
    (
        "spam",
        "Spam, advertising or promotion",
        "Pourriel, publicité ou promotion",
    ),
    (
        "off-topic",
        "Off topic for this consultation",
        "Hors sujet pour cette consultation",
    ),
    (
        "language",
        "Not in English or French and cannot be translated",
        "N’est ni en français ni en anglais et ne peut être traduit",
    ),
    (
        "repetition",
        "Repeats the same message many times",
        "Répète le même message à de nombreuses reprises",
    ),
    (
        "unlawful",
        "Breaks a law or encourages breaking one",
        "Enfreint une loi ou encourage à l’enfreindre",
    ),
]


def add_reasons(apps, schema_editor):
    ModerationReason = apps.get_model("moderation", "ModerationReason")
    for position, (slug, title_en, title_fr) in enumerate(REASONS, start=1):
        ModerationReason.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title_en,
                "title_en": title_en,
                "title_fr": title_fr,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]

    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
