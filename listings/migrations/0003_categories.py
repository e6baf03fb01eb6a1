"""The club's categories, French names with their English translation in `name_en`."""

from django.db import migrations

CATEGORIES = [
    # slug, name, name_en, family, schema, is_free
    ("services-entraide", "Services et entraide", "Services and mutual aid", "annonces", "plain", False),
    ("evenements", "Évènements", "Events", "annonces", "plain", False),
    ("hebergements-vacances", "Hébergements de vacances", "Holiday accommodation", "annonces", "lodging", False),
    ("associations", "Associations", "Associations", "annonces", "plain", False),
    ("vehicules", "Véhicules", "Vehicles", "annonces", "plain", False),
    ("logements", "Logements", "Housing", "annonces", "plain", False),
    ("vide-grenier", "Vide-grenier", "Garage sale", "annonces", "plain", False),
    ("echange-maisons", "Échange de maisons", "Home exchange", "collaboratif", "lodging", False),
    ("covoiturage-gratuit", "Covoiturage gratuit", "Free car sharing", "collaboratif", "ride", True),
    ("entraide-voisins", "Entraide entre voisins", "Helping neighbours", "collaboratif", "plain", True),
    ("pret-objets", "Prêt d'objets entre particuliers", "Lending things", "collaboratif", "loan", True),
    ("parking-partage", "Parking partagé", "Shared parking", "collaboratif", "parking", False),
]


def create(apps, schema_editor):
    Category = apps.get_model("listings", "Category")
    for position, (slug, name, name_en, family, schema, is_free) in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "family": family,
                "schema": schema,
                "is_free": is_free,
                "position": position,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("listings", "Category").objects.filter(slug__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("listings", "0002_french_search")]

    operations = [migrations.RunPython(create, remove)]
