"""The venue's texts in French and English (venue/translation.py, django-modeltranslation): the French
is copied into the new `<field>_fr` columns, and the texts of the demo venue (venue/demo.py), where
a database has them, get their English."""

from django.db import migrations, models

FIELDS = {
    "Venue": ("tagline", "description", "access", "accessibility"),
    "Room": ("name", "floor", "description"),
    "OpeningException": ("reason",),
    "Partner": ("description",),
}

# French text of the demo data -> its English, frozen here (the demo may change, this must not).
ENGLISH = {
    "1000 m² gratuits et ouverts à tous, au cœur du 11e arrondissement.": (
        "1,000 m², free and open to everyone, in the heart of the 11th arrondissement."
    ),
    "Une ancienne imprimerie rénovée par la mutuelle : une grande halle sous verrière pour les expositions, une "
    "salle de débats et un atelier. L'entrée est gratuite ; certains évènements se réservent pour que chacun ait "
    "une place assise.": (
        "A former printing works renovated by the mutual insurer: a large glass-roofed hall for exhibitions, a "
        "debating room and a workshop. Entry is free; some events take bookings so that everyone has a seat."
    ),
    "Métro : Bastille (lignes 1, 5, 8) ou Voltaire (ligne 9), 5 minutes à pied.\n"
    "Bus : 61, 69, 76, arrêt Roquette–Keller.\n"
    "Vélo : station Vélib' devant l'entrée, arceaux dans la cour.\n"
    "Voiture : parking Bastille–Roquette à 200 m ; deux places réservées aux personnes handicapées devant le "
    "Club.": (
        "Metro: Bastille (lines 1, 5, 8) or Voltaire (line 9), a 5-minute walk.\n"
        "Bus: 61, 69, 76, Roquette–Keller stop.\n"
        "Bike: Vélib' station at the entrance, bike racks in the courtyard.\n"
        "Car: Bastille–Roquette car park 200 m away; two disabled parking spaces in front of the Club."
    ),
    "Tout le lieu est de plain-pied ou desservi par ascenseur ; toilettes adaptées à chaque étage.\n"
    "Boucle magnétique en salle Agora ; certaines conférences sont traduites en langue des signes (indiqué sur "
    "la page de l'évènement).\n"
    "Chiens guides et d'assistance bienvenus. Signalez vos besoins en réservant : nous préparons votre "
    "accueil.": (
        "The whole venue is step-free or served by a lift; accessible toilets on every floor.\n"
        "Hearing loop in the Agora room; some talks are interpreted into French Sign Language (shown on the "
        "event's page).\n"
        "Guide and assistance dogs are welcome. Tell us your needs when you book: we will be ready for you."
    ),
    "La Grande Halle": "The Great Hall",
    "Salle Agora": "Agora Room",
    "L'Atelier": "The Workshop",
    "rez-de-chaussée": "ground floor",
    "1er étage": "first floor",
    "rez-de-chaussée, côté cour": "ground floor, courtyard side",
    "Expositions et grands débats, 600 m² sous verrière.": "Exhibitions and large debates, 600 m² under a glass roof.",
    "Conférences et débats, gradins amovibles, boucle magnétique.": (
        "Talks and debates, retractable seating, hearing loop."
    ),
    "Ateliers pratiques : établis, machines à coudre, cuisine.": (
        "Hands-on workshops: workbenches, sewing machines, kitchen."
    ),
    "Noël": "Christmas",
    "Jour de l'an": "New Year's Day",
    "Fête du travail": "Labour Day",
    "Un circuit court entre producteurs d'Île-de-France et habitants : légumes, pain et fromages à retirer chaque "
    "jeudi soir au Club.": (
        "A short supply chain between Île-de-France farmers and local people: vegetables, bread and cheese to "
        "collect every Thursday evening at the Club."
    ),
    "Des bénévoles bricoleurs réparent avec vous grille-pain, vélos et vêtements, un samedi par mois.": (
        "Handy volunteers fix toasters, bikes and clothes with you, one Saturday a month."
    ),
    "Quatre jardins de quartier, des graines à échanger et des ateliers de compost.": (
        "Four neighbourhood gardens, seeds to swap and composting workshops."
    ),
    "Perceuse, appareil à raclette ou tente : empruntez plutôt qu'acheter.": (
        "A drill, a raclette grill or a tent: borrow rather than buy."
    ),
}


def fill(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        for row in apps.get_model("venue", model_name).objects.all():
            for field in fields:
                french = getattr(row, field)
                setattr(row, f"{field}_fr", french)
                if not getattr(row, f"{field}_en"):
                    setattr(row, f"{field}_en", ENGLISH.get(french, ""))
            row.save(update_fields=[f"{field}_{lang}" for field in fields for lang in ("fr", "en")])


def unfill(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        for row in apps.get_model("venue", model_name).objects.all():
            for field in fields:
                setattr(row, field, getattr(row, f"{field}_fr") or getattr(row, field))
            row.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [
        ("venue", "0002_partner_feeds_and_offers"),
    ]

    operations = [
        migrations.AddField(
            model_name="openingexception",
            name="reason_en",
            field=models.CharField(
                blank=True, help_text="Par exemple « 1er mai ».", max_length=120, null=True, verbose_name="motif"
            ),
        ),
        migrations.AddField(
            model_name="openingexception",
            name="reason_fr",
            field=models.CharField(
                blank=True, help_text="Par exemple « 1er mai ».", max_length=120, null=True, verbose_name="motif"
            ),
        ),
        migrations.AddField(
            model_name="partner",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="partner",
            name="description_fr",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="room",
            name="description_en",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="room",
            name="description_fr",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="room",
            name="floor_en",
            field=models.CharField(blank=True, max_length=60, null=True, verbose_name="niveau"),
        ),
        migrations.AddField(
            model_name="room",
            name="floor_fr",
            field=models.CharField(blank=True, max_length=60, null=True, verbose_name="niveau"),
        ),
        migrations.AddField(
            model_name="room",
            name="name_en",
            field=models.CharField(max_length=100, null=True, verbose_name="nom"),
        ),
        migrations.AddField(
            model_name="room",
            name="name_fr",
            field=models.CharField(max_length=100, null=True, verbose_name="nom"),
        ),
        migrations.AddField(
            model_name="venue",
            name="access_en",
            field=models.TextField(
                blank=True, help_text="Métro, bus, vélo, voiture.", null=True, verbose_name="comment venir"
            ),
        ),
        migrations.AddField(
            model_name="venue",
            name="access_fr",
            field=models.TextField(
                blank=True, help_text="Métro, bus, vélo, voiture.", null=True, verbose_name="comment venir"
            ),
        ),
        migrations.AddField(
            model_name="venue",
            name="accessibility_en",
            field=models.TextField(blank=True, null=True, verbose_name="accessibilité"),
        ),
        migrations.AddField(
            model_name="venue",
            name="accessibility_fr",
            field=models.TextField(blank=True, null=True, verbose_name="accessibilité"),
        ),
        migrations.AddField(
            model_name="venue",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="présentation"),
        ),
        migrations.AddField(
            model_name="venue",
            name="description_fr",
            field=models.TextField(blank=True, null=True, verbose_name="présentation"),
        ),
        migrations.AddField(
            model_name="venue",
            name="tagline_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="accroche"),
        ),
        migrations.AddField(
            model_name="venue",
            name="tagline_fr",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="accroche"),
        ),
        migrations.RunPython(fill, unfill),
    ]
