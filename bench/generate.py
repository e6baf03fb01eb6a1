"""Benchmark data at realistic scale, on PostgreSQL, reproducible with a seed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python bench/generate.py \\
        --members 20000 --listings 100000 --events 2000 --bookings 50000 --seed 2026

Drops and recreates nothing: run it on an empty, migrated database (`make bench` does).
Prints how long each part took, and writes bench/out/scenarios.json for bench/run.py."""

import argparse
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.bench")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/club_bench")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import json  # noqa: E402

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from bench import vocabulary  # noqa: E402
from events.demo import TYPES, seed_event_types  # noqa: E402
from events.models import Booking, BookingMode, BookingStatus, Event, EventStatus  # noqa: E402
from listings import geo, services  # noqa: E402
from listings.categories import schema_for  # noqa: E402
from listings.models import LISTING_LIFETIME, Category, Kind, Listing, Status  # noqa: E402
from members.demo import DEMO_PASSWORD  # noqa: E402
from members.models import MemberProfile, RosterEntry, User, VerificationStatus  # noqa: E402
from venue.demo import seed_venue  # noqa: E402
from venue.models import Room  # noqa: E402

BATCH = 2000
COMMUNITY_TABLES = ["community_group", "community_membership", "community_post", "community_proposal"]
COMMUNITY_TABLES += ["community_proposalsupport", "venue_partnerofferviews"]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Louis",
    "Chloé",
    "Nathan",
    "Manon",
    "Jules",
    "Inès",
    "Lucas",
    "Emma",
    "Gabriel",
    "Jade",
    "Arthur",
    "Zoé",
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
    "Lefèvre",
    "Michel",
]


def timed(label):
    def decorate(function):
        def run(*args, **kwargs):
            start = time.perf_counter()
            result = function(*args, **kwargs)
            print(f"{label}: {time.perf_counter() - start:.1f} s", flush=True)
            return result

        return run

    return decorate


@timed("members")
def generate_members(count: int, rng: random.Random) -> list[int]:
    """`count` verified sociétaires with their roster rows; bench-member-0@club.example logs in
    the load test. Returns the user ids."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing 20 000 times would take minutes
    now = timezone.now()
    user_ids = []
    for start in range(0, count, BATCH):
        numbers = range(start, min(start + BATCH, count))
        users = User.objects.bulk_create(
            User(email=f"bench-member-{n}@club.example", password=password, date_joined=now) for n in numbers
        )
        entries = RosterEntry.objects.bulk_create(
            RosterEntry(
                number=f"B{n:08d}",
                last_name=(last := rng.choice(LAST_NAMES)),
                last_name_normalized=last.lower(),
                postcode="75011",
            )
            for n in numbers
        )
        MemberProfile.objects.bulk_create(
            MemberProfile(
                user=user,
                display_name=f"{rng.choice(FIRST_NAMES)} {entry.last_name[0]}.",
                verification_status=VerificationStatus.VERIFIED,
                verification_decided_at=now,
                roster_entry=entry,
                societaire_number=entry.number,
            )
            for user, entry in zip(users, entries, strict=True)
        )
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        user_ids.extend(user.pk for user in users)
    return user_ids


# --- annonces ------------------------------------------------------------------------------------
# Share of annonces in the big cities (the rest spread over every postcode of France, uniformly).
BIG_CITIES = {
    "Paris": 14,
    "Marseille": 5,
    "Lyon": 4,
    "Toulouse": 3,
    "Nice": 2,
    "Nantes": 2,
    "Montpellier": 2,
    "Strasbourg": 2,
    "Bordeaux": 2,
    "Lille": 2,
    "Rennes": 1.5,
    "Reims": 1,
    "Toulon": 1,
    "Grenoble": 1,
    "Dijon": 1,
    "Angers": 1,
}
STATUSES = [(Status.PUBLISHED, 88), (Status.PAUSED, 4), (Status.EXPIRED, 4), (Status.CLOSED, 2), (Status.DRAFT, 2)]


def _city_of(place) -> str:
    return place.name.split(" ")[0] if " Arrondissement" in place.name else place.name


def place_picker(rng: random.Random):
    """A function returning a random place: the big cities weigh in proportion to BIG_CITIES (their
    arrondissements share it), every other place of France weighs the same."""
    places = [
        place
        for places in geo._by_postcode().values()
        for place in places
        if math.isfinite(place.lat) and math.isfinite(place.lng)  # a few communes have no point
    ]
    big = {name: [p for p in places if _city_of(p) == name] for name in BIG_CITIES}
    rest_share = 100 - sum(BIG_CITIES.values())
    pools = [(big[name], share) for name, share in BIG_CITIES.items() if big[name]] + [(places, rest_share)]
    weights = [share for _pool, share in pools]

    def pick():
        pool = rng.choices(pools, weights=weights)[0][0]
        return rng.choice(pool)

    return pick


def _details(
    schema_key: str, place, pick_place, now, rng: random.Random
) -> tuple[dict, dt.date | None, dt.date | None]:
    details, start, end = {}, None, None
    schema = schema_for(schema_key)
    if schema_key == "ride":
        departure = now + dt.timedelta(days=rng.randint(1, 60), hours=rng.randint(6, 20))
        details = {
            "ride_from": _city_of(place),
            "ride_to": _city_of(pick_place()),
            "departure_at": departure.replace(minute=rng.choice([0, 15, 30, 45]), second=0, microsecond=0).isoformat(),
            "seats": rng.randint(1, 4),
        }
    elif schema_key == "lodging":
        details = {"sleeps": rng.randint(1, 8)}
    if schema.has_availability and (schema.availability_required or rng.random() < 0.5):
        start = now.date() + dt.timedelta(days=rng.randint(-10, 60))
        end = start + dt.timedelta(days=rng.randint(2, 90))
    return details, start, end


@timed("annonces")
def generate_listings(count: int, author_ids: list[int], rng: random.Random) -> None:
    categories = list(Category.objects.filter(is_active=True))
    pick_place = place_picker(rng)
    now = timezone.now()
    statuses, status_weights = zip(*STATUSES, strict=True)
    for start in range(0, count, BATCH):
        batch = []
        for _n in range(start, min(start + BATCH, count)):
            category = rng.choice(categories)
            place = pick_place()
            city = _city_of(place)
            title, description, _thing = vocabulary.listing_text(category.slug, city, rng)
            details, available_from, available_until = _details(category.schema, place, pick_place, now, rng)
            status = rng.choices(statuses, weights=status_weights)[0]
            published_at = None
            if status != Status.DRAFT:
                age = rng.uniform(60, 120) if status == Status.EXPIRED else rng.uniform(0, 59)
                published_at = now - dt.timedelta(days=age)
            # A third of the points are browser positions (rounded to ~1 km), the rest town halls.
            lat, lng = place.lat, place.lng
            if rng.random() < 0.33:
                lat, lng = geo.approximate(lat + rng.uniform(-0.03, 0.03), lng + rng.uniform(-0.03, 0.03))
            price = None
            if not category.is_free and rng.random() < 0.7:
                price = rng.choice([5, 10, 15, 20, 30, 50, 80, 120, 250, 600, 1200])
            batch.append(
                Listing(
                    author_id=rng.choice(author_ids),
                    kind=Kind.REQUEST if rng.random() < 0.2 else Kind.OFFER,
                    category=category,
                    title=title,
                    description=description,
                    price=price,
                    postcode=place.postcode,
                    city=city,
                    lat=lat,
                    lng=lng,
                    available_from=available_from,
                    available_until=available_until,
                    details=details,
                    status=status,
                    published_at=published_at,
                    expires_at=published_at + LISTING_LIFETIME if published_at else None,
                )
            )
        Listing.objects.bulk_create(batch)


@timed("search vectors (one UPDATE, as services.listing_index_text does per annonce)")
def index_listings() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE listings_listing SET search_vector =
                setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(title, '')), 'A')
                || setweight(to_tsvector('french_unaccent'::regconfig, COALESCE(description, '')), 'B')"""
        )
    services.lexicon_add()  # the words typos are corrected to


# --- events and bookings -------------------------------------------------------------------------
@timed("venue and events")
def generate_events(count: int, rng: random.Random) -> list[Event]:
    seed_venue()
    types = list(seed_event_types().values())
    rooms = list(Room.objects.all()) or [None]
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    events = []
    for n in range(count):
        event_type = rng.choice(types)
        theme = rng.choice(vocabulary.EVENT_THEMES)
        title = vocabulary.EVENT_FORMATS.get(event_type.slug, "{theme}").format(theme=theme)
        title = title[0].upper() + title[1:]
        # Two years of archives, one year ahead, more events near today.
        offset = int(rng.triangular(-730, 365, 0))
        starts_at = dt.datetime.combine(
            today + dt.timedelta(days=offset), dt.time(rng.choice([10, 14, 18, 19]), rng.choice([0, 30])), tzinfo=tz
        )
        exhibition = event_type.slug == "exposition"
        ends_at = starts_at + (dt.timedelta(days=rng.randint(7, 40)) if exhibition else dt.timedelta(hours=2))
        free_entry = exhibition or rng.random() < 0.15
        status = rng.choices([EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.DRAFT], weights=[94, 3, 3])[0]
        events.append(
            Event(
                type=event_type,
                title=title,
                slug=f"{slugify(title)[:160]}-{n}",
                summary=f"{title}, au Club. Entrée gratuite, ouverte à tous.",
                description=f"{title}. Animé par des sociétaires et des partenaires du Club. " * 3,
                starts_at=starts_at,
                ends_at=ends_at,
                room=rng.choice(rooms),
                status=status,
                booking_mode=BookingMode.FREE if free_entry else BookingMode.REQUIRED,
                capacity=0 if free_entry else rng.choice([20, 30, 40, 60, 80, 120, 200]),
                max_seats_per_booking=4,
            )
        )
    return Event.objects.bulk_create(events, batch_size=BATCH)


@timed("bookings")
def generate_bookings(count: int, events: list[Event], member_ids: list[int], rng: random.Random) -> None:
    """`count` bookings over the events on booking: confirmed while seats last (seats_confirmed kept
    equal to their sum, as events.services does), then on the waiting list."""
    bookable = [event for event in events if event.booking_mode == BookingMode.REQUIRED]
    per_event = [0] * len(bookable)
    for index in rng.choices(range(len(bookable)), weights=[e.capacity for e in bookable], k=count):
        per_event[index] += 1
    now = timezone.now()
    emails = dict(User.objects.values_list("pk", "email"))
    batch, number = [], 0
    for event, wanted in zip(bookable, per_event, strict=True):
        confirmed = 0
        members = rng.sample(member_ids, min(wanted // 3, len(member_ids)))
        for i in range(wanted):
            number += 1
            seats = rng.choice([1, 1, 1, 2, 2, 3])
            fits = confirmed + seats <= event.capacity
            if fits:
                confirmed += seats
            created_at = min(event.starts_at - dt.timedelta(days=rng.uniform(0.1, 30)), now)
            user_id = members[i] if i < len(members) else None
            batch.append(
                Booking(
                    event=event,
                    user_id=user_id,
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=emails[user_id] if user_id else f"visiteur-{number}@exemple.fr",
                    seats=seats,
                    status=BookingStatus.CONFIRMED if fits else BookingStatus.WAITING,
                    created_at=created_at,
                    confirmed_at=created_at if fits else None,
                )
            )
        event.seats_confirmed = confirmed
        if len(batch) >= BATCH:
            Booking.objects.bulk_create(batch)
            batch = []
    Booking.objects.bulk_create(batch)
    Event.objects.bulk_update(bookable, ["seats_confirmed"], batch_size=BATCH)


@timed("groups, proposals and partner offers shown")
def generate_community(member_ids: list[int], rng: random.Random, *, groups: int = 300, posts: int = 30_000) -> None:
    """Modest community data for the staff dashboard: groups with memberships and posts, proposals
    with supports, and the partners' daily counters of offers shown, spread over the last year
    (the creation dates, which auto_now_add sets to now, are spread by one UPDATE per table)."""
    from community.models import Group, Membership, MembershipStatus, Post, Proposal, ProposalState, ProposalSupport
    from events.models import EventType
    from venue.models import Partner, PartnerOfferViews

    now = timezone.now()
    made = Group.objects.bulk_create(
        Group(name=f"Groupe {i}", description="Un groupe de voisins.", founder_id=rng.choice(member_ids))
        for i in range(groups)
    )
    Membership.objects.bulk_create(
        (
            Membership(
                group=group,
                user_id=user_id,
                status=MembershipStatus.ACTIVE,
                joined_at=now - dt.timedelta(seconds=rng.randint(0, 365 * 86400)),
            )
            for group in made
            for user_id in {group.founder_id, *rng.sample(member_ids, rng.randint(0, 40))}
        ),
        batch_size=BATCH,
    )
    Post.objects.bulk_create(
        (Post(group=rng.choice(made), author_id=rng.choice(member_ids), text="Bonjour") for _ in range(posts)),
        batch_size=BATCH,
    )
    types = list(EventType.objects.all())
    proposals = Proposal.objects.bulk_create(
        Proposal(
            proposer_id=rng.choice(member_ids),
            title=f"Proposition {i}",
            type=rng.choice(types),
            description="Une idée pour le lieu.",
            format="2 h",
            wished_period="Un samedi",
            state=rng.choice(ProposalState.values),
            support_count=rng.randint(0, 30),
        )
        for i in range(posts // 60)
    )
    ProposalSupport.objects.bulk_create(
        (
            ProposalSupport(proposal=p, user_id=user_id)
            for p in proposals
            for user_id in rng.sample(member_ids, p.support_count)
        ),
        batch_size=BATCH,
    )
    today = timezone.localdate()
    PartnerOfferViews.objects.bulk_create(
        PartnerOfferViews(day=today - dt.timedelta(days=d), partner=partner, pages=rng.randint(0, 300))
        for partner in Partner.objects.all()
        for d in range(365)
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE venue_partnerofferviews SET offers = 3 * pages")
        for table in ["community_group", "community_post", "community_proposal"]:
            cursor.execute(
                f"UPDATE {table} SET created_at = %s - ((id * 7919) %% 31536000) * interval '1 second'", [now]
            )
        cursor.execute(
            "UPDATE community_proposalsupport s "
            "SET created_at = LEAST(%s, p.created_at + (s.id %% 300) * interval '1 hour') "
            "FROM community_proposal p WHERE p.id = s.proposal_id",
            [now],
        )


@timed("VACUUM ANALYZE")
def analyze() -> None:
    with connection.cursor() as cursor:
        for table in ["listings_listing", "events_event", "events_booking", "members_user", *COMMUNITY_TABLES]:
            cursor.execute(f"VACUUM ANALYZE {table}")


# --- scenarios for bench/run.py ------------------------------------------------------------------
# (words, category slug, postcode): text + category + 25 km around a big city.
SEARCHES = [
    ("perceuse", "pret-objets", "69003"),
    ("vélo", "pret-objets", "75011"),
    ("canapé", "vide-grenier", "13005"),
    ("maison mer", "hebergements-vacances", "33000"),
    ("cours guitare", "services-entraide", "31000"),
    ("gare", "covoiturage-gratuit", "44000"),
    ("voiture", "vehicules", "59000"),
    ("garage", "parking-partage", "67000"),
    ("poussettes", "vide-grenier", "75015"),
    ("tondeu", "pret-objets", "35000"),
]
RADIUS_ONLY = ["75011", "69003", "13001", "31000", "06000", "44000", "21000", "87000", "29200", "63000"]


def write_scenarios(rng: random.Random) -> Path:
    published = list(Listing.objects.filter(status=Status.PUBLISHED).order_by("pk").values_list("pk", flat=True))
    listing_ids = rng.sample(published, min(20, len(published)))
    now = timezone.now()
    visible = Event.objects.filter(status=EventStatus.PUBLISHED)
    event_slugs = list(visible.filter(ends_at__gte=now).order_by("starts_at").values_list("slug", flat=True)[:10])
    event_slugs += list(visible.filter(ends_at__lt=now).order_by("-starts_at").values_list("slug", flat=True)[:5])
    from urllib.parse import urlencode

    def search(**params):
        return "/annonces/?" + urlencode(params)

    type_slugs = [slug for slug, *_texts in TYPES]
    scenarios = [
        {
            "name": "annonces: text + category + 25 km",
            "paths": [search(q=q, category=c, near=p, radius=25) for q, c, p in SEARCHES],
            "logged_in": True,
        },
        {
            "name": "annonces: 25 km around a postcode",
            "paths": [search(near=p, radius=25) for p in RADIUS_ONLY],
            "logged_in": True,
        },
        {"name": "annonce detail", "paths": [f"/annonces/{pk}/" for pk in listing_ids], "logged_in": True},
        {
            "name": "agenda with a filter",
            "paths": [f"/agenda/?type={slug}" for slug in type_slugs]
            + ["/agenda/?period=month", "/agenda/?period=week", "/agenda/?type=atelier&period=month"],
        },
        {"name": "event detail", "paths": [f"/agenda/{slug}/" for slug in event_slugs]},
        {"name": "home page", "paths": ["/"]},
    ]
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    path = out / "scenarios.json"
    path.write_text(json.dumps(scenarios, indent=2, ensure_ascii=False))
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--bookings", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The benchmark data goes to PostgreSQL: set DATABASE_URL.")
    if Listing.objects.exists() or User.objects.exists():
        sys.exit("The database is not empty: drop and recreate it, then migrate (see `make bench`).")
    rng = random.Random(args.seed)
    start = time.perf_counter()
    member_ids = generate_members(args.members, rng)
    generate_listings(args.listings, member_ids, rng)
    index_listings()
    events = generate_events(args.events, rng)
    generate_bookings(args.bookings, events, member_ids, rng)
    generate_community(member_ids, rng)
    analyze()
    print(f"scenarios: {write_scenarios(rng).relative_to(ROOT)}")
    print(f"total: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
