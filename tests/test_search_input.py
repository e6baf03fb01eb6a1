"""Whatever is typed in a search box (SQL, tsquery operators, backslashes, unbalanced quotes,
NUL bytes, emoji, very long input) gives results or nothing, never an error: annonces, agenda,
check-in and the admin's search, on SQLite and on PostgreSQL."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from events.tests.factories import EventFactory
from listings.tests.factories import ListingFactory

HOSTILE_QUERIES = [
    "' OR 1=1 --",
    "'; DROP TABLE listings_listing; --",
    "a & b | !c",
    "foo:*",
    "perceuse <-> bosch",
    "<2>",
    "\\",
    "\\'",
    '"unbalanced',
    "((perceuse",
    "perceuse)",
    "!",
    "&|!():*<>",
    "%",
    "_",
    "nul\x00byte",
    "\x00",
    "🚲 vélo 👶",
    "perceuse " * 400,
    "x" * 5000,
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_listings():
    return [ListingFactory(title="Perceuse Bosch"), ListingFactory(title="Vélo enfant 🚲")]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_annonce_search_never_fails(verified_client, some_listings, query):
    response = verified_client.get(reverse("listings:list"), {"q": query})
    assert response.status_code in (200, 400)  # results, or the form says what is wrong
    assert "Traceback" not in response.content.decode()
    htmx = verified_client.get(reverse("listings:list"), {"q": query}, HTTP_HX_REQUEST="true")
    assert htmx.status_code in (200, 400)


def test_operators_are_read_as_words(verified_client, some_listings):
    html = verified_client.get(reverse("listings:list"), {"q": "perceuse & | ! :* <->"}).content.decode()
    assert "Perceuse Bosch" in html and "Vélo enfant" not in html
    html = verified_client.get(reverse("listings:list"), {"q": "' OR 1=1 --"}).content.decode()
    assert "Perceuse Bosch" not in html and "Vélo enfant" not in html  # no injected always-true


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_agenda_and_check_in_search_never_fail(client, staff, query):
    event = EventFactory(title="Débat sur le vélo")
    assert client.get(reverse("events:agenda"), {"q": query}).status_code in (200, 400)
    client.force_login(staff)
    response = client.get(reverse("events:checkin", args=[event.slug]), {"q": query})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_admin_search_never_fails(staff, some_listings, query):
    admin = Client(raise_request_exception=False)
    admin.force_login(staff)
    for name in ["listings_listing", "listings_report", "events_booking", "members_memberprofile", "members_user"]:
        response = admin.get(reverse(f"admin:{name}_changelist"), {"q": query})
        assert response.status_code == 200, name


# --- A criterion the page cannot use says so, next to its field ---------------------------------
def described_ids_missing(html: str) -> list[str]:
    """aria-describedby ids that name no element of the page."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    described = {i for value in re.findall(r'aria-describedby="([^"]*)"', html) for i in value.split()}
    return sorted(described - ids)


def error_next_to(html: str, field_id: str) -> str:
    """The text of the error slot that follows the field (templates/_field_errors.html)."""
    slot = re.search(rf'<div class="field-errors" id="{field_id}_error"[^>]*>(.*?)</div>', html, flags=re.S)
    assert slot, f"no error slot for {field_id}"
    return re.sub(r"<[^>]+>", " ", slot.group(1)).strip()


BAD_SEARCHES = [
    ({"available_on": "pas-une-date"}, "id_available_on", "Saisissez une date valide."),
    ({"radius": "7"}, "id_radius", "Sélectionnez un choix valide."),
    ({"category": "inconnue"}, "id_category", "Sélectionnez un choix valide."),
    ({"kind": "troc"}, "id_kind", "Sélectionnez un choix valide."),
    ({"sort": "hasard"}, "id_sort", "Sélectionnez un choix valide."),
    ({"near": "00000"}, "id_near", "Lieu introuvable"),
    ({"near": "Nullepartville"}, "id_near", "Lieu introuvable"),
    ({"lat": "95", "lng": "2.35"}, "id_lat", "inférieure ou égale à 90"),
    ({"q": "nul\x00byte"}, "id_q", "Le caractère nul n’est pas autorisé."),
    ({"near": "\x00"}, "id_near", "Le caractère nul n’est pas autorisé."),
    ({"category": "covoiturage-gratuit", "seats_min": "-1"}, "id_seats_min", "supérieure ou égale à 0"),
    ({"category": "covoiturage-gratuit", "departure_on": "32/13"}, "id_departure_on", "Saisissez une date valide."),
]


@pytest.mark.parametrize("params, field_id, message", BAD_SEARCHES)
def test_a_search_criterion_that_cannot_be_used_says_so_next_to_its_field(
    verified_client, some_listings, params, field_id, message
):
    html = verified_client.get(reverse("listings:list"), params).content.decode()
    assert message in error_next_to(html, field_id)
    assert not described_ids_missing(html)
    if not field_id.startswith("id_lat"):  # a position is a hidden field: its errors describe nothing
        assert re.search(rf'id="{field_id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field_id}"', html)
    # No results instead of all of them, and the summary says which criterion to correct.
    assert "Perceuse Bosch" not in html and "Vélo enfant" not in html
    assert "Cette recherche ne peut pas être faite" in html
    # With htmx only the results come back: the field's error slot comes with them.
    fragment = verified_client.get(reverse("listings:list"), params, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and message in error_next_to(fragment, field_id)
    swapped = f'id="{field_id}_error" data-errors-for="{field_id}" hx-swap-oob="true"' in fragment
    # A category's own criteria come back inside their block, itself swapped out of band.
    in_extra_filters = re.search(rf'<div id="extra-filters" hx-swap-oob="true">.*id="{field_id}_error"', fragment, re.S)
    assert swapped or in_extra_filters


def test_a_good_search_has_empty_error_slots_and_no_dangling_description(verified_client, some_listings):
    html = verified_client.get(reverse("listings:list"), {"q": "perceuse", "near": "75011"}).content.decode()
    assert "Perceuse Bosch" in html and "Cette recherche ne peut pas être faite" not in html
    assert error_next_to(html, "id_near") == "" and not described_ids_missing(html)
    fragment = verified_client.get(reverse("listings:list"), {"near": "75011"}, HTTP_HX_REQUEST="true")
    assert error_next_to(fragment.content.decode(), "id_near") == ""  # htmx clears a former error


BAD_AGENDA_FILTERS = [
    ({"date_from": "pas-une-date"}, "id_date_from", "Saisissez une date valide."),
    ({"date_to": "31/02/2026"}, "id_date_to", "Saisissez une date valide."),
    ({"period": "jamais"}, "id_period", "Sélectionnez un choix valide."),
    ({"type": "inconnu"}, "id_type", "Sélectionnez un choix valide."),
    ({"type": "\x00"}, "id_type", "Le caractère nul n’est pas autorisé."),
]


@pytest.mark.parametrize("params, field_id, message", BAD_AGENDA_FILTERS)
@pytest.mark.parametrize("page", ["events:agenda", "events:archive"])
def test_an_agenda_filter_that_cannot_be_used_says_so_next_to_its_field(client, page, params, field_id, message):
    html = client.get(reverse(page), params).content.decode()
    assert message in error_next_to(html, field_id)
    assert not described_ids_missing(html)
    assert re.search(rf'id="{field_id}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field_id}"', html)
    fragment = client.get(reverse(page), params, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="agenda-results")
    assert message in error_next_to(fragment.content.decode(), field_id)


def test_the_agenda_keeps_the_filters_it_can_use(client):
    from events.tests.factories import EventTypeFactory

    debate = EventFactory(title="Débat sur le vélo")
    workshop = EventFactory(title="Atelier réparation", type=EventTypeFactory(slug="atelier", name="Atelier"))
    html = client.get(reverse("events:agenda"), {"type": "atelier", "date_from": "hier"}).content.decode()
    assert workshop.title in html and debate.title not in html
    assert "Saisissez une date valide." in error_next_to(html, "id_date_from")


@pytest.mark.parametrize(
    "params, field",
    [({"near": "00000"}, "near"), ({"near": "Nullepartville"}, "near"), ({"lat": "95", "lng": "2"}, "lat")],
)
def test_the_api_refuses_a_place_it_cannot_find(verified_member, some_listings, params, field):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(verified_member)
    response = api.get("/api/v1/listings/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field] and response.json()[field][0]
