"""What each category allows as an exchange, and what the mutual covers for it."""

from django.db import migrations, models

# slug -> (exchange unit, cover text in French, in English). General terms of the mutual's
# contracts, never anything about one member's contract.
COVERS = {
    "pret-objets": (
        "days",
        "Votre contrat multirisque habitation couvre, en responsabilité civile, les dommages que vous "
        "causez avec un objet emprunté à un autre sociétaire. La casse ou le vol de l'objet lui-même "
        "reste à la charge de l'emprunteur au-delà de 150 € sans option « objets de valeur ». Avant la "
        "remise : vérifiez ensemble l'état de l'objet et prenez-le en photo.",
        "Your home insurance covers, under civil liability, damage you cause with an object borrowed from "
        "another member. Breakage or theft of the object itself is the borrower's responsibility beyond "
        "€150 without the valuables option. Before the hand-over, check the object's condition together "
        "and take a photo.",
    ),
    "hebergements-vacances": (
        "days",
        "La garantie « villégiature » de votre contrat habitation couvre vos dommages au logement prêté "
        "(incendie, dégât des eaux) pendant 90 jours par an. L'hôte reste assuré par son propre contrat. "
        "Faites ensemble un état des lieux à l'arrivée et au départ.",
        "The holiday cover of your home insurance covers your damage to the lent home (fire, water "
        "damage) for 90 days a year. The host stays insured by their own contract. Do a check-in and "
        "check-out inventory together.",
    ),
    "echange-maisons": (
        "days",
        "Chaque sociétaire reste assuré par son propre contrat habitation pour son logement, et la "
        "garantie « villégiature » couvre les dommages causés chez l'autre. Les objets de valeur laissés "
        "sur place ne sont couverts qu'avec l'option correspondante. Faites un état des lieux écrit.",
        "Each member stays insured by their own home contract for their home, and the holiday cover "
        "covers damage caused in the other's. Valuables left in the home are only covered with the "
        "matching option. Write a check-in inventory.",
    ),
    "parking-partage": (
        "days",
        "Le véhicule garé reste couvert par son contrat auto ; le propriétaire de la place, par son contrat "
        "habitation pour sa responsabilité civile. Vérifiez que le règlement de copropriété autorise le prêt.",
        "The parked vehicle stays covered by its car insurance; the owner of the space, by their home "
        "insurance for civil liability. Check that the building's rules allow lending the space.",
    ),
    "covoiturage-gratuit": (
        "seats",
        "Le contrat auto du conducteur couvre les passagers transportés gratuitement, y compris pour leurs "
        "dommages corporels. Le partage des frais est admis, pas le bénéfice. Vérifiez le permis et "
        "l'attestation d'assurance avant le départ.",
        "The driver's car insurance covers passengers carried free of charge, bodily injury included. "
        "Sharing costs is allowed, making a profit is not. Check the licence and the insurance "
        "certificate before leaving.",
    ),
    "entraide-voisins": (
        "slot",
        "La garantie « entraide bénévole » de votre contrat habitation couvre les dommages que vous causez, "
        "ou subissez, en rendant un service gratuit à un autre sociétaire. Les travaux réservés aux "
        "professionnels (électricité, gaz, toiture) sont exclus.",
        "The voluntary help cover of your home insurance covers damage you cause, or suffer, while "
        "helping another member for free. Work reserved for professionals (electricity, gas, roofing) is "
        "excluded.",
    ),
}
GENERAL = (
    "Votre responsabilité civile de sociétaire couvre les dommages causés à un autre membre lors d'un "
    "échange. En cas de litige ou de sinistre, déclarez-le avec le numéro de l'échange.",
    "Your member's civil liability covers damage caused to another member during an exchange. In case "
    "of a dispute or a claim, report it with the exchange's number.",
)


def fill(apps, schema_editor):
    Category = apps.get_model("listings", "Category")
    for category in Category.objects.all():
        unit, text, text_en = COVERS.get(category.slug, ("", *GENERAL))
        category.exchange_unit = unit
        category.cover_text, category.cover_text_en = text, text_en
        category.save(update_fields=["exchange_unit", "cover_text", "cover_text_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0006_conversations_move_to_messaging"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="cover_text",
            field=models.TextField(blank=True, max_length=1000, verbose_name="couverture de la mutuelle"),
        ),
        migrations.AddField(
            model_name="category",
            name="cover_text_en",
            field=models.TextField(blank=True, max_length=1000, verbose_name="couverture de la mutuelle, en anglais"),
        ),
        migrations.AddField(
            model_name="category",
            name="cover_url",
            field=models.URLField(blank=True, verbose_name="lien vers les garanties"),
        ),
        migrations.AddField(
            model_name="category",
            name="exchange_unit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Pas d'échange : contact par message"),
                    ("days", "Une période de jours (prêt, hébergement, parking)"),
                    ("seats", "Des places sur un trajet daté (covoiturage)"),
                    ("slot", "Un créneau horaire (entraide)"),
                ],
                default="",
                help_text="Si les offres de cette catégorie peuvent être demandées, et comment.",
                max_length=10,
                verbose_name="échange",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
