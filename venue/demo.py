"""Demo venue for `manage.py seed_demo`: the place in Paris, its hours, three rooms and a few
partners with logos drawn locally (nothing is downloaded). Idempotent."""

import datetime as dt
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from .models import OpeningException, OpeningHours, Partner, Room, Venue

# Feeds shipped with the demo (RSS 2.0 and JSON Feed), imported through the same parser as the
# fetched ones, so that `make run` shows partners' offers without any network.
DEMO_FEEDS = Path(__file__).resolve().parent / "demo_feeds"

HOURS = {  # weekday: [(opens, closes)]; Monday closed, late opening on Thursday
    1: [("10:00", "19:00")],
    2: [("10:00", "19:00")],
    3: [("10:00", "22:00")],
    4: [("10:00", "19:00")],
    5: [("10:00", "20:00")],
    6: [("11:00", "19:00")],
}

ROOMS = [
    ("La Grande Halle", 300, "rez-de-chaussée", "Expositions et grands débats, 600 m² sous verrière."),
    ("Salle Agora", 120, "1er étage", "Conférences et débats, gradins amovibles, boucle magnétique."),
    ("L'Atelier", 30, "rez-de-chaussée, côté cour", "Ateliers pratiques : établis, machines à coudre, cuisine."),
]

PARTNERS = [
    (
        "la-ruche-de-belleville",
        "La Ruche de Belleville",
        "#d98e04",
        "Un circuit court entre producteurs d'Île-de-France et habitants : légumes, pain et fromages "
        "à retirer chaque jeudi soir au Club.",
        "https://ruche-belleville.example.org",
    ),
    (
        "repair-cafe-paris-11",
        "Repair Café Paris 11",
        "#2e7d5b",
        "Des bénévoles bricoleurs réparent avec vous grille-pain, vélos et vêtements, un samedi par mois.",
        "https://repaircafe11.example.org",
    ),
    (
        "jardins-partages-du-faubourg",
        "Les Jardins partagés du Faubourg",
        "#4f7f1f",
        "Quatre jardins de quartier, des graines à échanger et des ateliers de compost.",
        "",
    ),
    (
        "bibliotheque-d-objets",
        "La Bibliothèque d'objets",
        "#0b5563",
        "Perceuse, appareil à raclette ou tente : empruntez plutôt qu'acheter.",
        "https://bibliotheque-objets.example.org",
    ),
]


def _logo(name: str, colour: str) -> bytes:
    """A round logo with the partner's initials, drawn with Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    size = 320
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=colour)
    initials = "".join(word[0] for word in name.replace("'", " ").split() if word[0].isupper())[:3]
    font = ImageFont.load_default(size=120)
    box = draw.textbbox((0, 0), initials, font=font)
    position = ((size - (box[2] - box[0])) / 2 - box[0], (size - (box[3] - box[1])) / 2 - box[1])
    draw.text(position, initials, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seed_venue() -> Venue:
    venue = Venue.objects.order_by("pk").first()
    if venue is None:
        venue = Venue.objects.create(
            name="Le Club",
            tagline="1000 m² gratuits et ouverts à tous, au cœur du 11e arrondissement.",
            description=(
                "Une ancienne imprimerie rénovée par la mutuelle : une grande halle sous verrière pour les "
                "expositions, une salle de débats et un atelier. L'entrée est gratuite ; certains évènements "
                "se réservent pour que chacun ait une place assise."
            ),
            street="42 rue de la Roquette",
            postcode="75011",
            city="Paris",
            latitude="48.85480",
            longitude="2.37380",
            access=(
                "Métro : Bastille (lignes 1, 5, 8) ou Voltaire (ligne 9), 5 minutes à pied.\n"
                "Bus : 61, 69, 76, arrêt Roquette–Keller.\n"
                "Vélo : station Vélib' devant l'entrée, arceaux dans la cour.\n"
                "Voiture : parking Bastille–Roquette à 200 m ; deux places réservées aux personnes handicapées "
                "devant le Club."
            ),
            accessibility=(
                "Tout le lieu est de plain-pied ou desservi par ascenseur ; toilettes adaptées à chaque étage.\n"
                "Boucle magnétique en salle Agora ; certaines conférences sont traduites en langue des signes "
                "(indiqué sur la page de l'évènement).\n"
                "Chiens guides et d'assistance bienvenus. Signalez vos besoins en réservant : nous préparons "
                "votre accueil."
            ),
            email="bonjour@club.example",
            phone="01 23 45 67 89",
        )
    if not venue.hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(venue=venue, weekday=day, opens=opens, closes=closes)
            for day, slots in HOURS.items()
            for opens, closes in slots
        )
    today = timezone.localdate()
    for month, day, reason in [(12, 25, "Noël"), (1, 1, "Jour de l'an"), (5, 1, "Fête du travail")]:
        year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
        OpeningException.objects.get_or_create(
            venue=venue, date=dt.date(year, month, day), defaults={"closed": True, "reason": reason}
        )
    for name, capacity, floor, description in ROOMS:
        Room.objects.get_or_create(
            venue=venue, name=name, defaults={"capacity": capacity, "floor": floor, "description": description}
        )
    for slug, name, colour, description, url in PARTNERS:
        partner, _ = Partner.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "url": url}
        )
        if not partner.logo:
            partner.logo.save(f"{slug}.png", ContentFile(_logo(name, colour)), save=True)
    seed_partner_offers()
    return venue


def seed_partner_offers() -> int:
    """Imports the shipped feed of each demo partner that has one (venue/demo_feeds/<slug>.*)."""
    from . import services

    count = 0
    for path in sorted(DEMO_FEEDS.iterdir()):
        partner = Partner.objects.filter(slug=path.stem).first()
        if partner is None:
            continue
        content_type = "application/feed+json" if path.suffix == ".json" else "application/rss+xml"
        services.partner_offers_import(partner=partner, content=path.read_bytes(), content_type=content_type)
        count += 1
    return count
