"""Demo venue for `manage.py seed_demo`: the place in Paris, its hours, three rooms and a few
partners with logos drawn locally (nothing is downloaded), every text in French and English.
Idempotent."""

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

ROOMS = [  # (name, capacity, floor, description), each text as (French, English)
    (
        ("La Grande Halle", "The Great Hall"),
        300,
        ("rez-de-chaussée", "ground floor"),
        (
            "Expositions et grands débats, 600 m² sous verrière.",
            "Exhibitions and large debates, 600 m² under a glass roof.",
        ),
    ),
    (
        ("Salle Agora", "Agora Room"),
        120,
        ("1er étage", "first floor"),
        (
            "Conférences et débats, gradins amovibles, boucle magnétique.",
            "Talks and debates, retractable seating, hearing loop.",
        ),
    ),
    (
        ("L'Atelier", "The Workshop"),
        30,
        ("rez-de-chaussée, côté cour", "ground floor, courtyard side"),
        (
            "Ateliers pratiques : établis, machines à coudre, cuisine.",
            "Hands-on workshops: workbenches, sewing machines, kitchen.",
        ),
    ),
]
CLOSED_DAYS = [
    (12, 25, "Noël", "Christmas"),
    (1, 1, "Jour de l'an", "New Year's Day"),
    (5, 1, "Fête du travail", "Labour Day"),
]

PARTNERS = [
    (
        "la-ruche-de-belleville",
        "La Ruche de Belleville",
        "#d98e04",
        "Un circuit court entre producteurs d'Île-de-France et habitants : légumes, pain et fromages "
        "à retirer chaque jeudi soir au Club.",
        "A short supply chain between Île-de-France farmers and local people: vegetables, bread and cheese to "
        "collect every Thursday evening at the Club.",
        "https://ruche-belleville.example.org",
    ),
    (
        "repair-cafe-paris-11",
        "Repair Café Paris 11",
        "#2e7d5b",
        "Des bénévoles bricoleurs réparent avec vous grille-pain, vélos et vêtements, un samedi par mois.",
        "Handy volunteers fix toasters, bikes and clothes with you, one Saturday a month.",
        "https://repaircafe11.example.org",
    ),
    (
        "jardins-partages-du-faubourg",
        "Les Jardins partagés du Faubourg",
        "#4f7f1f",
        "Quatre jardins de quartier, des graines à échanger et des ateliers de compost.",
        "Four neighbourhood gardens, seeds to swap and composting workshops.",
        "",
    ),
    (
        "bibliotheque-d-objets",
        "La Bibliothèque d'objets",
        "#0b5563",
        "Perceuse, appareil à raclette ou tente : empruntez plutôt qu'acheter.",
        "A drill, a raclette grill or a tent: borrow rather than buy.",
        "https://bibliotheque-objets.example.org",
    ),
]


VENUE_EN = {
    "tagline": "1,000 m², free and open to everyone, in the heart of the 11th arrondissement.",
    "description": (
        "A former printing works renovated by the mutual insurer: a large glass-roofed hall for exhibitions, a "
        "debating room and a workshop. Entry is free; some events take bookings so that everyone has a seat."
    ),
    "access": (
        "Metro: Bastille (lines 1, 5, 8) or Voltaire (line 9), a 5-minute walk.\n"
        "Bus: 61, 69, 76, Roquette–Keller stop.\n"
        "Bike: Vélib' station at the entrance, bike racks in the courtyard.\n"
        "Car: Bastille–Roquette car park 200 m away; two disabled parking spaces in front of the Club."
    ),
    "accessibility": (
        "The whole venue is step-free or served by a lift; accessible toilets on every floor.\n"
        "Hearing loop in the Agora room; some talks are interpreted into French Sign Language (shown on the "
        "event's page).\n"
        "Guide and assistance dogs are welcome. Tell us your needs when you book: we will be ready for you."
    ),
}


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
    if not venue.description_en:
        for field, english in VENUE_EN.items():
            setattr(venue, f"{field}_en", english)
        venue.save()
    if not venue.hours.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(venue=venue, weekday=day, opens=opens, closes=closes)
            for day, slots in HOURS.items()
            for opens, closes in slots
        )
    today = timezone.localdate()
    for month, day, reason, reason_en in CLOSED_DAYS:
        year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
        OpeningException.objects.update_or_create(
            venue=venue,
            date=dt.date(year, month, day),
            defaults={"closed": True, "reason_fr": reason, "reason_en": reason_en},
        )
    for (name, name_en), capacity, (floor, floor_en), (description, description_en) in ROOMS:
        Room.objects.update_or_create(
            venue=venue,
            name_fr=name,
            defaults={
                "name_en": name_en,
                "capacity": capacity,
                "floor_fr": floor,
                "floor_en": floor_en,
                "description_fr": description,
                "description_en": description_en,
            },
        )
    for slug, name, colour, description, description_en, url in PARTNERS:
        partner, _ = Partner.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description_fr": description, "description_en": description_en, "url": url},
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
