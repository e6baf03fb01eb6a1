"""Demo annonces for `manage.py seed_demo`: about 200 realistic French annonces in every category
and several cities, a few photos drawn with Pillow, a few conversations and one open report.
Idempotent: annonces are keyed by (author, title, postcode); running it twice changes nothing."""

import io
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from PIL import Image, ImageDraw

from members.demo import DEMO_PASSWORD
from members.models import RosterEntry, User, VerificationStatus
from messaging.models import Conversation, Message

from . import geo, services
from .categories import schema_for
from .models import LISTING_LIFETIME, Category, Listing, ListingPhoto, Report, Status

MEMBERS = [
    # e-mail, display name, roster number, last name, postcode
    ("karim@membres.club.example", "Karim B.", "D2000001", "Benali", "69003"),
    ("sophie@membres.club.example", "Sophie L.", "D2000002", "Lemoine", "44000"),
    ("julien@membres.club.example", "Julien R.", "D2000003", "Roux", "33000"),
    ("amandine@membres.club.example", "Amandine P.", "D2000004", "Picard", "59000"),
    ("marc@membres.club.example", "Marc T.", "D2000005", "Thomas", "93100"),
    ("elodie@membres.club.example", "Élodie G.", "D2000006", "Gautier", "92100"),
]

CITIES = [
    "75011",
    "75018",
    "75015",
    "75020",
    "93100",
    "92100",
    "94300",
    "92130",
    "69003",
    "69007",
    "44000",
    "33000",
    "59000",
    "69100",
    "33400",
    "44300",
    "59800",
    "75005",
    "94200",
    "92000",
]

# category slug -> [(kind, title, description, price or None)]
SAMPLES = {
    "services-entraide": [
        (
            "offer",
            "Aide aux devoirs en maths (collège)",
            "Professeure retraitée, j'aide volontiers un collégien en maths le mercredi après-midi.\nChez vous ou à la médiathèque.",
            None,
        ),
        (
            "offer",
            "Petits travaux de bricolage",
            "Montage de meubles, étagères, tringles à rideaux. J'ai mon outillage.",
            Decimal("15"),
        ),
        (
            "request",
            "Cherche quelqu'un pour arroser mes plantes en août",
            "Absente trois semaines en août, je cherche un voisin de confiance pour arroser une dizaine de plantes, deux fois par semaine.",
            None,
        ),
        (
            "offer",
            "Initiation à l'informatique pour seniors",
            "Je peux vous apprendre à utiliser votre tablette, vos e-mails et les appels vidéo avec vos petits-enfants. Patience garantie !",
            None,
        ),
        ("offer", "Repassage à domicile", "Je repasse votre linge chez moi, retour sous 48 h.", Decimal("12")),
    ],
    "evenements": [
        (
            "offer",
            "Atelier cuisine végétarienne entre voisins",
            "Samedi prochain, on cuisine ensemble un menu de saison puis on partage le repas. 8 places.",
            Decimal("5"),
        ),
        (
            "offer",
            "Balade photo dans le quartier",
            "Balade d'environ deux heures pour apprendre les bases de la photo avec son téléphone.",
            None,
        ),
        (
            "request",
            "Cherche partenaires pour un club de lecture",
            "On se retrouve une fois par mois dans un café pour parler d'un roman. Tous les goûts sont bienvenus.",
            None,
        ),
        (
            "offer",
            "Soirée jeux de société",
            "J'ai une grande collection de jeux : venez découvrir des jeux coopératifs un vendredi soir par mois.",
            None,
        ),
    ],
    "hebergements-vacances": [
        (
            "offer",
            "Maison en Bretagne près de la mer",
            "Maison de pêcheur rénovée à 300 m de la plage, jardin clos, idéale pour une famille.",
            Decimal("450"),
        ),
        (
            "offer",
            "Studio à la montagne, pied des pistes",
            "Studio cabine pour 4 personnes, casier à skis, balcon plein sud.",
            Decimal("380"),
        ),
        (
            "request",
            "Cherche gîte pour une semaine en Ardèche",
            "Famille de quatre, deux enfants, cherche un gîte calme en juillet.",
            Decimal("600"),
        ),
        (
            "offer",
            "Chambre d'hôtes dans le Périgord",
            "Deux chambres dans une longère, petit-déjeuner maison compris.",
            Decimal("70"),
        ),
    ],
    "associations": [
        (
            "request",
            "Bénévoles pour la collecte alimentaire",
            "L'association du quartier cherche des bénévoles pour la collecte de novembre, même deux heures.",
            None,
        ),
        (
            "offer",
            "Cours de français langue étrangère",
            "Notre association propose des cours gratuits deux soirs par semaine. Bénévoles et élèves bienvenus.",
            None,
        ),
        (
            "request",
            "Chorale amateur cherche ténors",
            "Notre chorale de 30 voix cherche des ténors et des basses, répétition le mardi soir.",
            None,
        ),
        (
            "offer",
            "Jardin partagé : parcelles disponibles",
            "Il reste trois parcelles dans le jardin partagé, outils et compost fournis.",
            None,
        ),
    ],
    "vehicules": [
        (
            "offer",
            "Vélo cargo électrique, peu servi",
            "Vélo cargo avec caisse pour deux enfants, batterie récente, révisé en septembre.",
            Decimal("1800"),
        ),
        (
            "offer",
            "Renault Clio IV, 2016, 85 000 km",
            "Entretien suivi chez le concessionnaire, contrôle technique OK, deuxième main.",
            Decimal("8900"),
        ),
        (
            "request",
            "Cherche remorque pour un déménagement",
            "Je cherche à louer une remorque bâchée pour un week-end.",
            Decimal("30"),
        ),
        (
            "offer",
            "Vélo de ville femme 28 pouces",
            "Vélo hollandais avec panier et antivol, pneus neufs.",
            Decimal("120"),
        ),
    ],
    "logements": [
        (
            "offer",
            "Chambre chez l'habitant pour étudiant",
            "Chambre meublée de 12 m² dans un appartement calme, proche métro, contre un peu de compagnie.",
            Decimal("350"),
        ),
        (
            "request",
            "Cherche T2 à louer près du tramway",
            "Couple salarié cherche un T2 lumineux, garant solide.",
            Decimal("850"),
        ),
        (
            "offer",
            "Colocation intergénérationnelle",
            "Retraitée, je propose une chambre dans mon appartement en échange de petits services.",
            Decimal("200"),
        ),
    ],
    "vide-grenier": [
        (
            "offer",
            "Lot de livres pour enfants",
            "Une trentaine d'albums et de premières lectures en très bon état.",
            Decimal("20"),
        ),
        (
            "offer",
            "Poussette citadine pliable",
            "Poussette légère, pliage compact, habillage pluie fourni.",
            Decimal("60"),
        ),
        (
            "offer",
            "Table en chêne et quatre chaises",
            "Table de salle à manger rallonges comprises, quelques marques d'usage.",
            Decimal("150"),
        ),
        (
            "offer",
            "Vaisselle ancienne, service complet",
            "Service de table en faïence de Gien, 48 pièces.",
            Decimal("90"),
        ),
        (
            "request",
            "Cherche machine à coudre d'occasion",
            "Pour débuter, une machine simple en état de marche.",
            Decimal("50"),
        ),
    ],
    "echange-maisons": [
        (
            "offer",
            "Échange appartement parisien contre maison au bord de mer",
            "Trois pièces lumineux dans le 11e, contre une maison sur la côte atlantique en août.",
            None,
        ),
        (
            "offer",
            "Maison avec jardin près de Nantes à échanger",
            "Maison familiale avec jardin et trampoline, proche des bords de Loire.",
            None,
        ),
        (
            "request",
            "Cherche échange à Lyon pour les vacances de Pâques",
            "Nous proposons notre maison à Lille en échange.",
            None,
        ),
    ],
    "covoiturage-gratuit": [
        (
            "offer",
            "Trajet quotidien vers la zone d'activité",
            "Je pars tous les matins à 7 h 45, retour vers 18 h. Deux places libres.",
            None,
        ),
        (
            "offer",
            "Covoiturage pour le marché du samedi",
            "Je vais au marché bio le samedi matin, je peux emmener deux personnes.",
            None,
        ),
        (
            "request",
            "Cherche covoiturage vers la gare",
            "Pour attraper le train de 7 h le lundi, je participe volontiers à la bonne humeur.",
            None,
        ),
        ("offer", "Aller au match dimanche", "Je vais au stade dimanche, trois places dans ma voiture.", None),
    ],
    "entraide-voisins": [
        (
            "offer",
            "Courses pour une personne âgée",
            "Je fais mes courses le jeudi, je peux prendre les vôtres au passage.",
            None,
        ),
        (
            "request",
            "Aide pour monter une armoire au 3e",
            "Armoire démontée à monter au troisième sans ascenseur, 20 minutes avec deux bras de plus.",
            None,
        ),
        (
            "offer",
            "Garde de chat pendant vos vacances",
            "Je passe nourrir et câliner votre chat, j'habite le quartier.",
            None,
        ),
        (
            "offer",
            "Promenade de chien le midi",
            "Je travaille à domicile et peux sortir votre chien à l'heure du déjeuner.",
            None,
        ),
    ],
    "pret-objets": [
        (
            "offer",
            "Prête perceuse à percussion",
            "Perceuse Bosch avec coffret de forets béton et bois. À rendre sous une semaine.",
            None,
        ),
        (
            "offer",
            "Prête tente quatre places",
            "Tente familiale facile à monter, pour un week-end ou une semaine.",
            None,
        ),
        ("offer", "Prête appareil à raclette", "Appareil huit personnes, pour vos soirées d'hiver.", None),
        ("request", "Cherche à emprunter un escabeau", "Pour repeindre un plafond, une journée suffit.", None),
        ("offer", "Prête nettoyeur haute pression", "Pour la terrasse ou le vélo, avec rallonge.", None),
    ],
    "parking-partage": [
        (
            "offer",
            "Place de parking en sous-sol",
            "Place sécurisée à deux minutes du métro, libre en journée pendant la semaine.",
            Decimal("60"),
        ),
        (
            "offer",
            "Box fermé disponible pendant l'été",
            "Box pour une voiture ou du stockage, libre de juin à septembre.",
            Decimal("80"),
        ),
        (
            "request",
            "Cherche place pour voiture le soir",
            "Je rentre vers 19 h et repars à 8 h, je cherche une place à louer.",
            Decimal("50"),
        ),
    ],
}
TARGET = 200
RIDES = [
    ("Montreuil", "Paris Bercy"),
    ("Lyon Part-Dieu", "Villeurbanne"),
    ("Nantes", "Saint-Nazaire"),
    ("Bordeaux", "Mérignac"),
    ("Lille", "Villeneuve-d'Ascq"),
    ("Boulogne-Billancourt", "La Défense"),
]


def _members() -> list[User]:
    from allauth.account.models import EmailAddress

    users, hashed = [], None
    main = User.objects.filter(email="membre@club.example").first()
    if main:
        users.append(main)
    for email, name, number, last_name, postcode in MEMBERS:
        entry, _ = RosterEntry.objects.get_or_create(
            number=number, defaults={"last_name": last_name, "postcode": postcode}
        )
        user = User.objects.filter(email=email).first()
        if user is None:
            hashed = hashed or make_password(DEMO_PASSWORD)  # hash once: hashing is slow on purpose
            user = User.objects.create(email=email, password=hashed)
            # Spread membership dates so « membre depuis » varies.
            user.date_joined = timezone.now() - timedelta(days=90 * (len(users) + 1))
            user.save(update_fields=["date_joined"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        profile = user.profile
        if not profile.is_verified:
            place = geo.place_for_postcode(postcode)
            profile.display_name = name
            profile.verification_status = VerificationStatus.VERIFIED
            profile.verification_decided_at = timezone.now()
            profile.roster_entry = entry
            profile.societaire_number = number
            profile.postcode = postcode
            profile.city = place.name if place else ""
            profile.save()
        users.append(user)
    return users


def _specs(categories: dict[str, Category], authors: list[User]):
    """TARGET deterministic annonce specs, cycling through samples, cities and authors."""
    rng = random.Random(2026)  # noqa: S311 - demo data
    flat = [(slug, sample) for slug, samples in SAMPLES.items() for sample in samples]
    today = timezone.localdate()
    for i in range(TARGET):
        slug, (kind, title, description, price) = flat[i % len(flat)]
        round_ = i // len(flat)
        postcode = CITIES[(i * 7 + round_) % len(CITIES)]
        place = geo.place_for_postcode(postcode)
        category = categories[slug]
        schema = schema_for(category.schema)
        details, start, end = {}, None, None
        if schema.key == "ride":
            origin, destination = RIDES[i % len(RIDES)]
            departure = timezone.make_aware(datetime.combine(today + timedelta(days=3 + i % 20), time(7 + i % 11, 30)))
            details = {
                "ride_from": origin,
                "ride_to": destination,
                "departure_at": departure.isoformat(),
                "seats": 1 + i % 4,
            }
        if schema.key == "lodging":
            details = {"sleeps": 2 + i % 6}
        if schema.has_availability:
            start = today + timedelta(days=rng.randint(0, 40))
            end = start + timedelta(days=rng.randint(5, 60))
        if price is not None and round_:
            price = (price * Decimal(str(rng.choice([0.8, 0.9, 1.1, 1.25])))).quantize(Decimal("1"))
        yield {
            "author": authors[(i * 3 + round_) % len(authors)],
            "category": category,
            "kind": kind,
            "title": title,
            "description": description,
            "price": None if category.is_free else price,
            "postcode": place.postcode,
            "city": place.name,
            # Spread the points around the commune's centre (still rounded to about 1 km).
            "point": geo.approximate(place.lat + rng.uniform(-0.02, 0.02), place.lng + rng.uniform(-0.03, 0.03)),
            "available_from": start,
            "available_until": end,
            "details": details,
            "age_days": rng.randint(0, 55),
        }


def _drawn_photo(seed: int) -> bytes:
    """A small colourful picture drawn locally (nothing downloaded)."""
    rng = random.Random(seed)  # noqa: S311
    palette = [(11, 85, 99), (244, 185, 66), (31, 107, 58), (166, 27, 27), (227, 240, 242), (74, 83, 104)]
    image = Image.new("RGB", (800, 600), rng.choice(palette[3:]))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 420, 800, 600), fill=rng.choice(palette[:3]))
    draw.ellipse((560, 60, 720, 220), fill=(244, 185, 66))
    for _ in range(4):
        x, y = rng.randint(40, 600), rng.randint(200, 380)
        draw.rounded_rectangle(
            (x, y, x + rng.randint(80, 180), y + rng.randint(60, 160)), radius=18, fill=rng.choice(palette)
        )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def seed_listings() -> None:
    from django.core.files.base import ContentFile

    authors = _members()
    if not authors:
        return
    categories = {c.slug: c for c in Category.objects.all()}
    existing = set(Listing.objects.filter(author__in=authors).values_list("author_id", "title", "postcode"))
    now = timezone.now()
    new = []
    for spec in _specs(categories, authors):
        key = (spec["author"].pk, spec["title"], spec["postcode"])
        if key in existing:
            continue
        existing.add(key)
        published = now - timedelta(days=spec.pop("age_days"), hours=len(new) % 24)
        lat, lng = spec.pop("point")
        new.append(
            Listing(
                **spec,
                lat=lat,
                lng=lng,
                status=Status.PUBLISHED,
                published_at=published,
                expires_at=published + LISTING_LIFETIME,
            )
        )
    created = Listing.objects.bulk_create(new)
    if connection.vendor == "postgresql" and created:
        for listing in created:
            services.listing_index_text(listing_id=listing.pk)
    # A few photos, on the first annonces of categories where pictures matter.
    for i, listing in enumerate(
        [
            c
            for c in created
            if c.category.slug in {"vehicules", "vide-grenier", "hebergements-vacances", "pret-objets"}
        ][:12]
    ):
        ListingPhoto.objects.create(listing=listing, image=ContentFile(_drawn_photo(i), name="photo.jpg"), position=0)
    _conversations(authors)


def _conversations(authors: list[User]) -> None:
    main = authors[0]
    others = authors[1:]
    if not others or Conversation.objects.filter(listing__author__in=authors).exists():
        return
    mine = list(Listing.objects.filter(author=main, status=Status.PUBLISHED).order_by("id")[:2])
    theirs = list(Listing.objects.filter(author=others[0], status=Status.PUBLISHED).order_by("id")[:1])
    threads = [
        (
            mine[0] if mine else None,
            others[0],
            ["Bonjour, votre annonce m'intéresse beaucoup. Est-elle toujours d'actualité ?"],
        ),
        (
            mine[1] if len(mine) > 1 else None,
            others[1],
            ["Bonjour ! Je pourrais passer samedi matin, cela vous irait ?", "Samedi 10 h, c'est parfait. À bientôt !"],
        ),
        (
            theirs[0] if theirs else None,
            main,
            ["Bonjour Karim, je serais intéressée. Peut-on se voir en fin de semaine ?"],
        ),
    ]
    when = timezone.now() - timedelta(hours=30)
    for listing, starter, bodies in threads:
        if listing is None:
            continue
        conversation = Conversation.objects.create(listing=listing, starter=starter, last_message_at=when)
        for n, body in enumerate(bodies):
            sender = starter if n % 2 == 0 else listing.author
            Message.objects.create(conversation=conversation, sender=sender, body=body, created_at=when)
            when += timedelta(minutes=47)
        conversation.last_message_at = when
        conversation.starter_read_at = when
        conversation.save(update_fields=["last_message_at", "starter_read_at"])
    # One open report for the moderation queue.
    target = Listing.objects.filter(author=others[-1], status=Status.PUBLISHED).order_by("id").first()
    if target:
        Report.objects.get_or_create(
            listing=target,
            reporter=others[0],
            defaults={"reason": "wrong_category", "text": "Cette annonce apparaît deux fois avec des prix différents."},
        )
