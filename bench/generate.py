"""Benchmark data at realistic scale, on PostgreSQL, reproducible with a seed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/club_bench .venv/bin/python bench/generate.py \\
        --scale 1m --seed 2026 --scenarios-out bench/out/scenarios-1m.json

Presets (SCALES): short (make bench), 100k (the scale of issue 8, plus 10 000 saved searches) and
1m (200 000 members, 1 000 000 annonces, 10 000 events, 1 000 000 bookings, 100 000 saved
searches); --members, --listings, --events, --bookings and --alerts override a preset's counts.
Rows are streamed with COPY (bench/bulk.py), indexes rebuilt after, search vectors and lexicon
filled as listings.services fills them (tests/test_bench_generate.py checks it).

Drops and recreates nothing: run it on an empty, migrated database (`make bench` does).
Prints how long each part took, and writes bench/out/scenarios.json (or --scenarios-out) for
bench/run.py; --scenarios-only writes that file again from a database already generated."""

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

from bench import bulk, vocabulary  # noqa: E402
from events.demo import TYPES, seed_event_types  # noqa: E402
from events.models import Booking, BookingMode, BookingStatus, Event, EventStatus  # noqa: E402
from listings import geo, services  # noqa: E402
from listings.categories import schema_for  # noqa: E402
from listings.models import LISTING_LIFETIME, Category, Kind, Listing, Status  # noqa: E402
from members.demo import DEMO_PASSWORD  # noqa: E402
from members.models import MemberProfile, RosterEntry, User, VerificationStatus  # noqa: E402
from venue.demo import seed_venue  # noqa: E402
from venue.models import Room, Venue  # noqa: E402

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


@timed("members (user, roster row, verified profile, e-mail address)")
def generate_members(count: int, rng: random.Random) -> list[int]:
    """`count` verified sociétaires with their roster rows; bench-member-0@club.example logs in
    the load test. Returns the user ids."""
    from allauth.account.models import EmailAddress

    password = make_password(DEMO_PASSWORD)  # hashed once: hashing 200 000 times would take hours
    now = timezone.now()
    first_user, first_entry = bulk.next_id(User), bulk.next_id(RosterEntry)
    first_profile, first_address = bulk.next_id(MemberProfile), bulk.next_id(EmailAddress)
    last_names = [rng.choice(LAST_NAMES) for _n in range(count)]
    with bulk.indexes_dropped(User, RosterEntry, MemberProfile, EmailAddress):
        bulk.copy_rows(
            User,
            ["id", "email", "password", "date_joined"],
            ((first_user + n, f"bench-member-{n}@club.example", password, now) for n in range(count)),
        )
        bulk.copy_rows(
            RosterEntry,
            ["id", "number", "last_name", "last_name_normalized", "postcode"],
            ((first_entry + n, f"B{n:08d}", last, last.lower(), "75011") for n, last in enumerate(last_names)),
        )
        bulk.copy_rows(
            MemberProfile,
            [
                "id",
                "user_id",
                "display_name",
                "verification_status",
                "verification_decided_at",
                "roster_entry_id",
                "societaire_number",
            ],
            (
                (
                    first_profile + n,
                    first_user + n,
                    f"{rng.choice(FIRST_NAMES)} {last[0]}.",
                    VerificationStatus.VERIFIED.value,
                    now,
                    first_entry + n,
                    f"B{n:08d}",
                )
                for n, last in enumerate(last_names)
            ),
        )
        bulk.copy_rows(
            EmailAddress,
            ["id", "user_id", "email", "verified", "primary"],
            ((first_address + n, first_user + n, f"bench-member-{n}@club.example", True, True) for n in range(count)),
        )
    return list(range(first_user, first_user + count))


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


LISTING_COLUMNS = [
    "id",
    "author_id",
    "kind",
    "category_id",
    "title",
    "description",
    "price",
    "postcode",
    "city",
    "lat",
    "lng",
    "available_from",
    "available_until",
    "details",
    "status",
    "published_at",
    "expires_at",
    "created_at",
    "updated_at",
]


def listing_rows(count: int, first_id: int, author_ids: list[int], rng: random.Random):
    """The annonces' rows, as services.listing_create would store them: stripped texts, the point
    rounded by geo.approximate (the town hall, or a browser position for a third), no price in a
    free category."""
    # Everything read from the database is read here, before the COPY starts: no query can run
    # on the connection while it streams.
    categories = list(Category.objects.filter(is_active=True))
    pick_place = place_picker(rng)
    return _listing_rows(count, first_id, author_ids, categories, pick_place, rng)


def _listing_rows(count, first_id, author_ids, categories, pick_place, rng):
    now = timezone.now()
    statuses, status_weights = zip(*STATUSES, strict=True)
    for n in range(count):
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
        lat, lng = place.lat, place.lng
        if rng.random() < 0.33:
            lat, lng = lat + rng.uniform(-0.03, 0.03), lng + rng.uniform(-0.03, 0.03)
        lat, lng = geo.approximate(lat, lng)
        price = None
        if not category.is_free and rng.random() < 0.7:
            price = rng.choice([5, 10, 15, 20, 30, 50, 80, 120, 250, 600, 1200])
        created_at = published_at or now
        yield (
            first_id + n,
            rng.choice(author_ids),
            Kind.REQUEST.value if rng.random() < 0.2 else Kind.OFFER.value,
            category.pk,
            title.strip(),
            description.strip(),
            price,
            place.postcode,
            city,
            lat,
            lng,
            available_from,
            available_until,
            json.dumps(details),
            status.value,
            published_at,
            published_at + LISTING_LIFETIME if published_at else None,
            created_at,
            created_at,
        )


@timed("annonces (COPY, search vectors computed as they arrive, indexes rebuilt)")
def generate_listings(count: int, author_ids: list[int], rng: random.Random) -> None:
    """Two streams of rows (two connections, see bulk.parallel), each with its own random
    generator drawn from `rng`: the same seed gives the same annonces."""
    first, half = bulk.next_id(Listing), count // 2
    streams = [
        listing_rows(half, first, author_ids, random.Random(rng.random())),
        listing_rows(count - half, first + half, author_ids, random.Random(rng.random())),
    ]
    with bulk.indexes_dropped(Listing), bulk.search_vector_on_insert():
        bulk.copy_rows(Listing, LISTING_COLUMNS, *streams)


@timed("lexicon (services.lexicon_add over every annonce, in the background)")
def index_listings() -> None:
    services.lexicon_add()  # the words typos are corrected to, as each listing_index_text adds them


# --- events and bookings -------------------------------------------------------------------------
EVENT_MINUTES = [60, 90, 120, 120, 180]


def _event_times(venue, day: dt.date, exhibition: bool, rng: random.Random):
    """(start, end) inside the venue's opening hours of `day` (and of the last day for an
    exhibition), as the event admin requires; None if the venue is closed that day."""
    slots, _reason, _exception = venue.opening_for(day)
    if not slots:
        return None
    opens, closes = rng.choice(slots)
    if exhibition:
        last = day + dt.timedelta(days=rng.randint(7, 40))
        while not venue.opening_for(last)[0]:
            last += dt.timedelta(days=1)
        last_closes = max(closes for _opens, closes in venue.opening_for(last)[0])
        return _local(day, opens), _local(last, last_closes)
    length = dt.timedelta(minutes=rng.choice(EVENT_MINUTES))
    first, latest = _local(day, opens), _local(day, closes) - length
    if latest < first:
        return None
    steps = int((latest - first) / dt.timedelta(minutes=30))
    start = first + dt.timedelta(minutes=30 * rng.randint(0, steps))
    return start, start + length


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


@timed("venue and events (inside the opening hours)")
def generate_events(count: int, rng: random.Random) -> list[Event]:
    seed_venue()
    venue = Venue.objects.prefetch_related("hours", "exceptions").order_by("pk").first()
    types = list(seed_event_types().values())
    rooms = list(Room.objects.all()) or [None]
    today = timezone.localdate()
    events = []
    while len(events) < count:
        n = len(events)
        event_type = rng.choice(types)
        exhibition = event_type.slug == "exposition"
        # Two years of archives, one year ahead, more events near today.
        times = _event_times(venue, today + dt.timedelta(days=int(rng.triangular(-730, 365, 0))), exhibition, rng)
        if times is None:
            continue  # closed that day (Mondays): draw another
        starts_at, ends_at = times
        theme = rng.choice(vocabulary.EVENT_THEMES)
        title = vocabulary.EVENT_FORMATS.get(event_type.slug, "{theme}").format(theme=theme)
        title = title[0].upper() + title[1:]
        free_entry = exhibition or rng.random() < 0.15
        status = rng.choices([EventStatus.PUBLISHED, EventStatus.CANCELLED, EventStatus.DRAFT], weights=[94, 3, 3])[0]
        room = rng.choice(rooms)
        capacities = [c for c in [20, 30, 40, 60, 80, 120, 200] if room is None or c <= room.capacity]
        events.append(
            Event(
                type=event_type,
                title=title,
                slug=f"{slugify(title)[:160]}-{n}",
                summary=f"{title}, au Club. Entrée gratuite, ouverte à tous.",
                description=f"{title}. Animé par des sociétaires et des partenaires du Club. " * 3,
                starts_at=starts_at,
                ends_at=ends_at,
                room=room,
                status=status,
                booking_mode=BookingMode.FREE if free_entry else BookingMode.REQUIRED,
                capacity=0 if free_entry else rng.choice(capacities),
                max_seats_per_booking=4,
            )
        )
    return Event.objects.bulk_create(events, batch_size=BATCH)


BOOKING_COLUMNS = ["id", "event_id", "user_id", "name", "email", "seats", "status", "created_at", "confirmed_at"]


def booking_rows(count: int, events: list[Event], member_ids: list[int], rng: random.Random):
    """Bookings spread over the events on booking (in proportion to their capacity), confirmed
    while seats last, then on the waiting list; each event's seats_confirmed is set to the sum
    of its confirmed seats, as events.services keeps it."""
    bookable = [event for event in events if event.booking_mode == BookingMode.REQUIRED]
    per_event = [0] * len(bookable)
    for index in rng.choices(range(len(bookable)), weights=[e.capacity for e in bookable], k=count):
        per_event[index] += 1
    # Two streams (two connections, see bulk.parallel) over the two halves of the events.
    half, first = len(bookable) // 2, bulk.next_id(Booking)
    return [
        _booking_rows(bookable[:half], per_event[:half], member_ids, first, random.Random(rng.random())),
        _booking_rows(
            bookable[half:], per_event[half:], member_ids, first + sum(per_event[:half]), random.Random(rng.random())
        ),
    ]


def _booking_rows(bookable, per_event, member_ids, next_id, rng):
    now = timezone.now()
    first_member = min(member_ids)
    for event, wanted in zip(bookable, per_event, strict=True):
        confirmed = 0
        members = rng.sample(member_ids, min(wanted // 3, len(member_ids)))
        for i in range(wanted):
            seats = rng.choice([1, 1, 1, 2, 2, 3])
            fits = confirmed + seats <= event.capacity
            if fits:
                confirmed += seats
            created_at = min(event.starts_at - dt.timedelta(days=rng.uniform(0.1, 30)), now)
            user_id = members[i] if i < len(members) else None
            email = (
                f"bench-member-{user_id - first_member}@club.example" if user_id else f"visiteur-{next_id}@exemple.fr"
            )
            yield (
                next_id,
                event.pk,
                user_id,
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                email,
                seats,
                (BookingStatus.CONFIRMED if fits else BookingStatus.WAITING).value,
                created_at,
                created_at if fits else None,
            )
            next_id += 1
        event.seats_confirmed = confirmed


@timed("bookings (COPY, confirmed while seats last, then waiting list)")
def generate_bookings(count: int, events: list[Event], member_ids: list[int], rng: random.Random) -> None:
    with bulk.indexes_dropped(Booking):
        bulk.copy_rows(Booking, BOOKING_COLUMNS, *booking_rows(count, events, member_ids, rng))
    bookable = [event for event in events if event.booking_mode == BookingMode.REQUIRED]
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


@timed("saved searches (bench/alerts.py's pool and spread)")
def generate_saved_searches(count: int, member_ids: list[int], rng: random.Random) -> None:
    from bench.alerts import create_alerts, query_pool  # bench/alerts.py imports this module

    create_alerts(count, member_ids, query_pool(min(3_000, count), rng), rng)


TABLES = [
    "members_user",
    "members_memberprofile",
    "members_rosterentry",
    "account_emailaddress",
    "listings_listing",
    "listings_searchword",
    "events_event",
    "events_booking",
    "alerts_savedsearch",
]
TABLES += COMMUNITY_TABLES


@timed("VACUUM ANALYZE")
def analyze() -> None:
    # VACUUM sets the visibility map the index-only scans rely on; not possible in a transaction
    # (the tests run in one): ANALYZE alone there.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"{command} {table}")


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


def write_scenarios(rng: random.Random, path: Path) -> Path:
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
        {"name": "venue page", "paths": ["/lieu/"]},
    ]
    # The same pages for a member (never served from the anonymous page cache).
    scenarios += [
        {**scenario, "name": f"{scenario['name']} (logged in)", "logged_in": True}
        for scenario in scenarios
        if scenario["name"] in ("agenda with a filter", "event detail")
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(scenarios, indent=2, ensure_ascii=False))
    return path


# Counts per preset: members, annonces, events, bookings, saved searches.
SCALES = {
    "short": {"members": 2_000, "listings": 5_000, "events": 300, "bookings": 5_000, "alerts": 1_000},
    "100k": {"members": 20_000, "listings": 100_000, "events": 2_000, "bookings": 50_000, "alerts": 10_000},
    "1m": {"members": 200_000, "listings": 1_000_000, "events": 10_000, "bookings": 1_000_000, "alerts": 100_000},
}


def generate(counts: dict, rng: random.Random) -> None:
    """Every part in turn, each timed; `counts` as in SCALES."""
    member_ids = generate_members(counts["members"], rng)
    generate_listings(counts["listings"], member_ids, rng)
    lexicon_done = bulk.in_background(index_listings)  # the database works while Python makes the rest
    events = generate_events(counts["events"], rng)
    generate_bookings(counts["bookings"], events, member_ids, rng)
    if counts["alerts"]:
        generate_saved_searches(counts["alerts"], member_ids, rng)
    generate_community(member_ids, rng)
    lexicon_done()
    analyze()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="100k", help="preset counts; the options below override")
    for name in SCALES["100k"]:
        parser.add_argument(f"--{name}", type=int, help=f"default: the preset's ({SCALES['100k'][name]} at 100k)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--scenarios-out", type=Path, default=ROOT / "bench" / "out" / "scenarios.json")
    parser.add_argument("--scenarios-only", action="store_true", help="generate nothing; write the scenarios")
    args = parser.parse_args()
    if args.scenarios_only:
        print(f"scenarios: {write_scenarios(random.Random(args.seed), args.scenarios_out)}")
        return
    counts = {
        name: getattr(args, name) if getattr(args, name) is not None else value
        for name, value in SCALES[args.scale].items()
    }
    if connection.vendor != "postgresql":
        sys.exit("The benchmark data goes to PostgreSQL: set DATABASE_URL.")
    if Listing.objects.exists() or User.objects.exists():
        sys.exit("The database is not empty: drop and recreate it, then migrate (see `make bench`).")
    print(", ".join(f"{name} {value}" for name, value in counts.items()), f"(seed {args.seed})", flush=True)
    start = time.perf_counter()
    generate(counts, random.Random(args.seed))
    print(f"scenarios: {write_scenarios(random.Random(args.seed), args.scenarios_out)}")
    print(f"total: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
