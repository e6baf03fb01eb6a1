"""Categories' texts through django-modeltranslation (listings/translation.py): the French moves to
`name_fr` and `cover_text_fr`; the English stays where it was, in `name_en` and `cover_text_en`,
which become the translation fields (same columns, now nullable)."""

from django.db import migrations, models


def french_into_fr(apps, schema_editor):
    Category = apps.get_model("listings", "Category")
    for category in Category.objects.all():
        category.name_fr, category.cover_text_fr = category.name, category.cover_text
        category.save(update_fields=["name_fr", "cover_text_fr"])


def french_back(apps, schema_editor):
    Category = apps.get_model("listings", "Category")
    for category in Category.objects.all():
        category.name, category.cover_text = category.name_fr or category.name, category.cover_text_fr or ""
        category.name_en, category.cover_text_en = category.name_en or "", category.cover_text_en or ""
        category.save(update_fields=["name", "cover_text", "name_en", "cover_text_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0007_category_exchanges"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="cover_text_fr",
            field=models.TextField(blank=True, max_length=1000, null=True, verbose_name="couverture de la mutuelle"),
        ),
        migrations.AddField(
            model_name="category",
            name="name_fr",
            field=models.CharField(max_length=80, null=True, verbose_name="nom"),
        ),
        migrations.AlterField(
            model_name="category",
            name="cover_text_en",
            field=models.TextField(blank=True, max_length=1000, null=True, verbose_name="couverture de la mutuelle"),
        ),
        migrations.AlterField(
            model_name="category",
            name="name_en",
            field=models.CharField(max_length=80, null=True, verbose_name="nom"),
        ),
        migrations.RunPython(french_into_fr, french_back),
    ]
