"""Event types' and events' texts in French and English (events/translation.py,
django-modeltranslation): the French is copied into the new `<field>_fr` columns, and the event
types of the demo programme (events/demo.py), where a database has them, get their English.
Events keep their French only: staff add the English in the admin where the event has some."""

from django.db import migrations, models

FIELDS = {
    "EventType": ("name", "plural"),
    "Event": ("title", "summary", "description", "image_alt"),
}
# slug -> (name, plural) in English, for the demo's types.
TYPES_EN = {
    "exposition": ("Exhibition", "Exhibitions"),
    "conference": ("Talk", "Talks"),
    "debat": ("Debate", "Debates"),
    "atelier": ("Workshop", "Workshops"),
    "rencontre": ("Meet-up", "Meet-ups"),
}


def fill(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        for row in apps.get_model("events", model_name).objects.all():
            for field in fields:
                setattr(row, f"{field}_fr", getattr(row, field))
            if model_name == "EventType" and row.slug in TYPES_EN:
                row.name_en, row.plural_en = TYPES_EN[row.slug]
            row.save(update_fields=[f"{field}_{lang}" for field in fields for lang in ("fr", "en")])


def unfill(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        for row in apps.get_model("events", model_name).objects.all():
            for field in fields:
                setattr(row, field, getattr(row, f"{field}_fr") or getattr(row, field))
            row.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_booking_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="event",
            name="description_fr",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="event",
            name="image_alt_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="description de l'image"),
        ),
        migrations.AddField(
            model_name="event",
            name="image_alt_fr",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="description de l'image"),
        ),
        migrations.AddField(
            model_name="event",
            name="summary_en",
            field=models.CharField(
                help_text="Une ou deux phrases, montrées dans l'agenda.",
                max_length=280,
                null=True,
                verbose_name="résumé",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="summary_fr",
            field=models.CharField(
                help_text="Une ou deux phrases, montrées dans l'agenda.",
                max_length=280,
                null=True,
                verbose_name="résumé",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="title_en",
            field=models.CharField(max_length=160, null=True, verbose_name="titre"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_fr",
            field=models.CharField(max_length=160, null=True, verbose_name="titre"),
        ),
        migrations.AddField(
            model_name="eventtype",
            name="name_en",
            field=models.CharField(max_length=60, null=True, verbose_name="nom"),
        ),
        migrations.AddField(
            model_name="eventtype",
            name="name_fr",
            field=models.CharField(max_length=60, null=True, verbose_name="nom"),
        ),
        migrations.AddField(
            model_name="eventtype",
            name="plural_en",
            field=models.CharField(blank=True, max_length=60, null=True, verbose_name="nom au pluriel"),
        ),
        migrations.AddField(
            model_name="eventtype",
            name="plural_fr",
            field=models.CharField(blank=True, max_length=60, null=True, verbose_name="nom au pluriel"),
        ),
        migrations.RunPython(fill, unfill),
    ]
