"""Demo annonces for `manage.py seed_demo`: 200 French annonces in every category and several
cities, no two titles alike (texts in demo_texts.py), most with a picture drawn with Pillow
(demo_pictures.py), a few conversations and one open report.
Idempotent: annonces are keyed by (author, title, postcode); running it twice changes nothing."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from members.demo import DEMO_PASSWORD
from members.models import RosterEntry, User, VerificationStatus
from messaging.models import Conversation, Message

from . import geo, services
from .categories import schema_for
from .demo_pictures import drawn_picture
from .demo_texts import CLOSINGS, OBJECTS
from .models import LISTING_LIFETIME, Category, Listing, Report, Status
from .photos import prepare_photo

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


def _texts(slugs: list[str]) -> list[dict]:
    """The words of TARGET annonces: each category in turn, every object once with its first title,
    then once more with its second title (so an object comes back only 100-odd annonces later,
    never on the same page of 20), each description ending with its own closing sentence."""
    rows = []
    for variant in (0, 1):
        depth = max(len(OBJECTS.get(slug, ())) for slug in slugs)
        for n in range(depth):
            for slug in slugs:
                objects = OBJECTS.get(slug, ())
                if n >= len(objects):
                    continue
                kind, title, second, description, price = objects[n]
                closings = CLOSINGS[kind]
                closing = closings[(len(rows) + variant * 3) % len(closings)]
                rows.append(
                    {
                        "slug": slug,
                        "object": (slug, n),
                        "kind": kind,
                        "title": second if variant else title,
                        "description": f"{description}\n{closing}",
                        "price": price,
                        "round": variant,
                    }
                )
    return rows[:TARGET]


def _specs(categories: dict[str, Category], authors: list[User]):
    """TARGET deterministic annonce specs: the texts above, cycling through cities and authors,
    published one after the other (about every six hours) so the newest-first list shows them in
    this order."""
    rng = random.Random(2026)  # noqa: S311 - demo data
    today = timezone.localdate()
    slugs = [slug for slug in OBJECTS if slug in categories]
    for i, text in enumerate(_texts(slugs)):
        round_ = text["round"]
        postcode = CITIES[(i * 7 + round_) % len(CITIES)]
        place = geo.place_for_postcode(postcode)
        category = categories[text["slug"]]
        schema = schema_for(category.schema)
        price = text["price"]
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
            "kind": text["kind"],
            "title": text["title"],
            "description": text["description"],
            "price": None if category.is_free else price,
            "postcode": place.postcode,
            "city": place.name,
            # Spread the points around the commune's centre (still rounded to about 1 km).
            "point": geo.approximate(place.lat + rng.uniform(-0.02, 0.02), place.lng + rng.uniform(-0.03, 0.03)),
            "available_from": start,
            "available_until": end,
            "details": details,
            "age_hours": i * 6 + rng.randint(0, 5),
        }


def _has_picture(index: int) -> bool:
    """Most demo annonces have a picture: all but one in four (the others show their category's
    drawing, as a member's annonce without photo does)."""
    return index % 4 != 3


def seed_listings() -> None:
    from django.core.files.base import ContentFile

    authors = _members()
    if not authors:
        return
    categories = {c.slug: c for c in Category.objects.all()}
    existing = set(Listing.objects.filter(author__in=authors).values_list("author_id", "title", "postcode"))
    now = timezone.now()
    new, indices = [], []
    for index, spec in enumerate(_specs(categories, authors)):
        key = (spec["author"].pk, spec["title"], spec["postcode"])
        if key in existing:
            continue
        existing.add(key)
        published = now - timedelta(hours=spec.pop("age_hours"))
        lat, lng = spec.pop("point")
        indices.append(index)
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
    # Pictures drawn here, sent through the photo service like an upload (cleaned, re-encoded,
    # thumbnails from the clean file).
    for listing, index in zip(created, indices, strict=True):
        if _has_picture(index):
            upload = ContentFile(
                drawn_picture(slug=listing.category.slug, seed=index, title=listing.title), name="photo.jpg"
            )
            services.photos_add(listing=listing, photos=[prepare_photo(upload)])
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
