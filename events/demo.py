"""Demo programme for `manage.py seed_demo`: about 30 events over the next three months and a few
past ones, some nearly full, one full with a waiting list, one exhibition without booking.
Idempotent (events are found by slug). Demo bookings are written directly, with the seat counter
kept equal to their sum, so that seeding sends no e-mail."""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from venue.models import Partner, Room, Venue
from venue.selectors import venue_is_open

from .models import Booking, BookingMode, BookingStatus, Event, EventStatus, EventType

TYPES = [  # slug, name and plural in French, then in English
    ("exposition", "Exposition", "Expositions", "Exhibition", "Exhibitions"),
    ("conference", "Conférence", "Conférences", "Talk", "Talks"),
    ("debat", "Débat", "Débats", "Debate", "Debates"),
    ("atelier", "Atelier", "Ateliers", "Workshop", "Workshops"),
    ("rencontre", "Rencontre", "Rencontres", "Meet-up", "Meet-ups"),
]

# (type, title, summary, day offset, start "HH:MM", duration in hours, room, capacity, seats taken,
#  partners). Capacity 0 means free entry without booking.
PROGRAMME = [
    (
        "exposition",
        "Paris en partage : 50 ans d'entraide de quartier",
        "Photographies, archives et témoignages sur les solidarités de voisinage, des caves coopératives "
        "aux applis d'entraide.",
        -10,
        "10:00",
        24 * 40,
        "La Grande Halle",
        0,
        0,
        [],
    ),
    (
        "debat",
        "Image likée : nouveau moyen d'exister ?",
        "Likes, stories et filtres : nos images en ligne disent-elles qui nous sommes ? Un débat ouvert "
        "avec une sociologue et un photographe.",
        3,
        "19:00",
        2,
        "Salle Agora",
        80,
        78,
        [],
    ),
    (
        "atelier",
        "Réparer son vélo soi-même",
        "Crevaison, freins, dérailleur : les bons gestes avec les bénévoles du Repair Café.",
        5,
        "14:00",
        3,
        "L'Atelier",
        12,
        12,
        ["repair-cafe-paris-11"],
    ),
    (
        "conference",
        "Assurance et économie du partage : qui est responsable ?",
        "Prêter sa perceuse, sa voiture ou son appartement : ce que couvre votre contrat, expliqué simplement.",
        6,
        "18:30",
        1.5,
        "Salle Agora",
        120,
        47,
        [],
    ),
    (
        "rencontre",
        "Apéro des voisins solidaires",
        "Venez rencontrer celles et ceux qui prêtent, réparent et partagent dans le quartier.",
        8,
        "18:30",
        2.5,
        "La Grande Halle",
        150,
        64,
        ["bibliotheque-d-objets"],
    ),
    (
        "atelier",
        "Cuisiner les légumes oubliés",
        "Panais, topinambours, rutabagas : trois recettes de saison avec les producteurs de la Ruche.",
        10,
        "11:00",
        2.5,
        "L'Atelier",
        16,
        14,
        ["la-ruche-de-belleville"],
    ),
    (
        "conference",
        "Le climat dans nos assiettes",
        "Ce que change vraiment une alimentation locale et de saison, chiffres à l'appui.",
        12,
        "19:00",
        1.5,
        "Salle Agora",
        120,
        33,
        ["la-ruche-de-belleville"],
    ),
    (
        "debat",
        "Télétravail : la fin du bureau ?",
        "Trois ans après, salariés, managers et urbanistes font le bilan.",
        14,
        "19:00",
        2,
        "Salle Agora",
        100,
        100,
        [],
    ),
    (
        "atelier",
        "Composter en appartement",
        "Lombricomposteur, bokashi : fabriquez le vôtre et repartez avec.",
        16,
        "15:00",
        2,
        "L'Atelier",
        20,
        9,
        ["jardins-partages-du-faubourg"],
    ),
    (
        "rencontre",
        "Café des parents",
        "Échanges entre parents autour des écrans et du sommeil des ados.",
        17,
        "10:00",
        2,
        "L'Atelier",
        25,
        6,
        [],
    ),
    (
        "exposition",
        "Objets réparés, objets aimés",
        "Une exposition d'objets du quotidien sauvés de la poubelle, et de leurs histoires.",
        18,
        "10:00",
        24 * 21,
        "La Grande Halle",
        0,
        0,
        ["repair-cafe-paris-11"],
    ),
    (
        "conference",
        "Bien vieillir chez soi",
        "Aménagements, aides et voisinage : les solutions qui marchent, avec une ergothérapeute.",
        20,
        "14:30",
        1.5,
        "Salle Agora",
        120,
        58,
        [],
    ),
    (
        "atelier",
        "Couture : donner une seconde vie à ses vêtements",
        "Ourlets, reprises et customisation, machines fournies.",
        22,
        "14:00",
        3,
        "L'Atelier",
        12,
        10,
        [],
    ),
    (
        "debat",
        "Faut-il avoir peur de l'intelligence artificielle ?",
        "Emplois, création, vie privée : un débat contradictoire, questions du public bienvenues.",
        24,
        "19:00",
        2,
        "Salle Agora",
        120,
        81,
        [],
    ),
    (
        "rencontre",
        "Troc de graines et de boutures",
        "Apportez vos graines, repartez avec celles des autres.",
        26,
        "11:00",
        4,
        "La Grande Halle",
        200,
        25,
        ["jardins-partages-du-faubourg"],
    ),
    (
        "atelier",
        "Premiers secours : les gestes qui sauvent",
        "Deux heures pour apprendre à alerter, masser, défibriller. Animé par des secouristes bénévoles.",
        28,
        "10:00",
        2,
        "L'Atelier",
        20,
        18,
        [],
    ),
    (
        "conference",
        "Logement : la colocation entre générations",
        "Comment fonctionne une colocation intergénérationnelle, avec des binômes qui la vivent.",
        31,
        "19:00",
        1.5,
        "Salle Agora",
        100,
        21,
        [],
    ),
    (
        "rencontre",
        "Soirée jeux de société",
        "Des dizaines de jeux, des animateurs pour expliquer les règles.",
        33,
        "19:00",
        3,
        "La Grande Halle",
        80,
        42,
        ["bibliotheque-d-objets"],
    ),
    (
        "debat",
        "Voiture partagée : la fin de la voiture à soi ?",
        "Autopartage, covoiturage, location entre particuliers : retours d'expérience.",
        36,
        "19:00",
        2,
        "Salle Agora",
        120,
        12,
        [],
    ),
    (
        "atelier",
        "Initiation à la photographie au smartphone",
        "Lumière, cadrage, retouche : de meilleures photos avec le téléphone que vous avez déjà.",
        38,
        "14:00",
        2.5,
        "L'Atelier",
        15,
        4,
        [],
    ),
    (
        "conference",
        "Comprendre sa facture d'énergie",
        "Lire sa facture, choisir son contrat, réduire sa consommation sans se priver.",
        41,
        "18:30",
        1.5,
        "Salle Agora",
        120,
        37,
        [],
    ),
    (
        "exposition",
        "Regards de quartier : photographies d'habitants",
        "Les habitants du 11e ont photographié leur rue pendant un an.",
        44,
        "10:00",
        24 * 24,
        "La Grande Halle",
        0,
        0,
        [],
    ),
    (
        "rencontre",
        "Rencontre avec les producteurs de la Ruche",
        "Dégustation et discussion avec les maraîchers et fromagers du circuit court.",
        46,
        "18:30",
        2,
        "La Grande Halle",
        100,
        30,
        ["la-ruche-de-belleville"],
    ),
    (
        "atelier",
        "Repair Café du samedi",
        "Apportez un objet en panne, on le répare ensemble.",
        49,
        "14:00",
        4,
        "L'Atelier",
        25,
        11,
        ["repair-cafe-paris-11"],
    ),
    (
        "debat",
        "Solidarité entre générations : qui aide qui ?",
        "Grands-parents aidants, jeunes aidants : un débat sur les solidarités familiales.",
        53,
        "19:00",
        2,
        "Salle Agora",
        120,
        44,
        [],
    ),
    (
        "conference",
        "Arnaques en ligne : les reconnaître, s'en protéger",
        "Faux conseillers, faux colis, faux placements : les ruses du moment et les bons réflexes.",
        57,
        "18:30",
        1.5,
        "Salle Agora",
        120,
        118,
        [],
    ),
    (
        "atelier",
        "Fabriquer ses produits ménagers",
        "Lessive, nettoyant multi-usage : simple, économique et sans danger.",
        61,
        "15:00",
        2,
        "L'Atelier",
        16,
        3,
        [],
    ),
    (
        "rencontre",
        "Grande braderie du partage",
        "Vêtements, livres et objets à donner ou échanger entre voisins.",
        66,
        "10:00",
        7,
        "La Grande Halle",
        300,
        20,
        ["bibliotheque-d-objets"],
    ),
    (
        "debat",
        "Réseaux sociaux et démocratie",
        "Information, désinformation et débat public.",
        72,
        "19:00",
        2,
        "Salle Agora",
        120,
        9,
        [],
    ),
    (
        "conference",
        "Préparer sa retraite sans stress",
        "Calendrier, démarches, simulateurs : une conférence claire et sans jargon.",
        78,
        "18:30",
        1.5,
        "Salle Agora",
        120,
        26,
        [],
    ),
    (
        "atelier",
        "Jardiner sur son balcon",
        "Semis, bacs et arrosage : un potager en 2 m².",
        84,
        "11:00",
        2,
        "L'Atelier",
        18,
        2,
        ["jardins-partages-du-faubourg"],
    ),
    # Past events, for the archive.
    (
        "debat",
        "Vivre seul, vivre ensemble ?",
        "Solitude et liens de voisinage dans les grandes villes.",
        -6,
        "19:00",
        2,
        "Salle Agora",
        120,
        96,
        [],
    ),
    (
        "atelier",
        "Atelier vélo d'automne",
        "Préparer son vélo pour l'hiver.",
        -13,
        "14:00",
        3,
        "L'Atelier",
        12,
        12,
        ["repair-cafe-paris-11"],
    ),
    (
        "conference",
        "L'économie du partage, dix ans après",
        "Ce qui a tenu ses promesses, et ce qui ne l'a pas fait.",
        -20,
        "18:30",
        1.5,
        "Salle Agora",
        120,
        71,
        [],
    ),
]

FIRST_NAMES = [
    "Camille",
    "Louis",
    "Inès",
    "Hugo",
    "Léa",
    "Karim",
    "Chloé",
    "Mathis",
    "Awa",
    "Jules",
    "Sarah",
    "Noé",
    "Zoé",
    "Yanis",
    "Manon",
    "Paul",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "Diallo",
]


def _demo_bookings(event: Event, taken: int, waiting: int) -> None:
    bookings, n = [], 0
    remaining = taken
    while remaining > 0:
        seats = min(remaining, [2, 1, 3, 2, 4, 1][n % 6], event.max_seats_per_booking)
        first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 7) % len(LAST_NAMES)]
        bookings.append(
            Booking(
                event=event,
                name=f"{first} {last}",
                email=f"demo{event.pk}-{n}@example.org",
                seats=seats,
                status=BookingStatus.CONFIRMED,
                confirmed_at=event.created_at,
            )
        )
        remaining -= seats
        n += 1
    for i in range(waiting):
        bookings.append(
            Booking(
                event=event,
                name=f"{FIRST_NAMES[(n + i) % 16]} {LAST_NAMES[i % 16]}",
                email=f"demo{event.pk}-w{i}@example.org",
                seats=1 + i % 2,
                status=BookingStatus.WAITING,
            )
        )
    Booking.objects.bulk_create(bookings)
    Event.objects.filter(pk=event.pk).update(seats_confirmed=taken)


def _poster(seed: int, colours: tuple[str, str, str]) -> bytes:
    """An abstract poster drawn with Pillow (overlapping discs), for the exhibitions."""
    import io
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (1200, 675), colours[0])
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(14):
        x, y, r = rng.randint(-100, 1200), rng.randint(-100, 675), rng.randint(60, 260)
        colour = colours[1 + rng.randint(0, 1)]
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(*rgb, rng.randint(90, 200)))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


POSTER_COLOURS = [
    ("#f3e6d8", "#b5541c", "#0b5563"),
    ("#e3f0f2", "#f4b942", "#083f49"),
    ("#fff1cc", "#a61b1b", "#1f6b3a"),
]


def _within_opening_hours(venue, starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The event moved a day at a time (up to three weeks later) until the venue is open for it:
    the programme's day offsets are relative to today, so without this a debate could fall on a
    Monday, when the Club is closed."""
    for shift in range(22):
        moved = dt.timedelta(days=shift)
        if venue_is_open(starts_at + moved, ends_at + moved, venue=venue):
            return starts_at + moved, ends_at + moved
    return starts_at, ends_at


def seed_event_types() -> dict[str, EventType]:
    """The five types, by slug, in French and English (the English added to existing ones)."""
    types = {}
    for position, (slug, name, plural, name_en, plural_en) in enumerate(TYPES):
        english = {"name_en": name_en, "plural_en": plural_en}
        types[slug], _ = EventType.objects.update_or_create(
            slug=slug,
            defaults=english,
            create_defaults={"name_fr": name, "plural_fr": plural, "position": position, **english},
        )
    return types


def seed_events() -> int:
    types = seed_event_types()
    rooms = {room.name_fr: room for room in Room.objects.all()}
    partners = {partner.slug: partner for partner in Partner.objects.all()}
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    venue = Venue.objects.prefetch_related("hours", "exceptions").order_by("pk").first()
    created = 0
    for type_slug, title, summary, offset, start, hours, room, capacity, taken, partner_slugs in PROGRAMME:
        slug = slugify(title)[:180]
        if Event.objects.filter(slug=slug).exists():
            continue
        hour, minute = map(int, start.split(":"))
        starts_at = dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(hour, minute), tzinfo=tz)
        ends_at = starts_at + dt.timedelta(hours=hours)
        if hours > 24:  # exhibitions close with the venue in the evening
            ends_at = ends_at.replace(hour=19, minute=0)
        starts_at, ends_at = _within_opening_hours(venue, starts_at, ends_at)
        event = Event.objects.create(
            type=types[type_slug],
            title=title,
            slug=slug,
            summary=summary,
            description="Entrée gratuite. Le Club est accessible aux personnes à mobilité réduite.",
            starts_at=starts_at,
            ends_at=ends_at,
            room=rooms.get(room),
            status=EventStatus.PUBLISHED,
            booking_mode=BookingMode.REQUIRED if capacity else BookingMode.FREE,
            capacity=capacity,
            speakers="Clémence Aubry, sociologue\nMarc Olivier, photographe" if "likée" in title else "",
        )
        event.partners.set([partners[p] for p in partner_slugs if p in partners])
        if type_slug == "exposition":
            from django.core.files.base import ContentFile

            colours = POSTER_COLOURS[created % len(POSTER_COLOURS)]
            event.image.save(f"{slug[:60]}.jpg", ContentFile(_poster(created, colours)), save=False)
            event.image_alt = "Affiche abstraite de l'exposition : des disques de couleur qui se chevauchent."
            event.save(update_fields=["image", "image_alt"])
        if taken:
            waiting = 3 if taken >= capacity and offset > 0 else 0
            _demo_bookings(event, taken, waiting)
        created += 1
    return created
