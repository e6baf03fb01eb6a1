"""A NUL character (\\x00) in any field of any form, API body or search is refused with a message
on the field (PostgreSQL refuses NUL in text and JSON: it used to be a 500 there), and is never
saved (SQLite would store it: the test looks for it in every text column).

The forms are not listed by hand: every page of the resolver is opened as each kind of visitor,
each form found in its HTML is sent back with its own values and a NUL in one field at a time.
The API bodies come from the OpenAPI schema, the app's authentication from allauth's inputs."""

from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection, models
from django.test import Client
from rest_framework.test import APIClient

from members.tests.factories import PASSWORD, UserFactory, VerifiedMemberFactory
from tests.test_route_walker import ROUTES, _closed_group, world  # noqa: F401 - the walker's world is a fixture
from tests.test_search_input import described_ids_missing

NUL = "\x00"
NUL_MESSAGE = "Le caractère nul n’est pas autorisé."
NUL_MESSAGES = (NUL_MESSAGE, "Le caractère nul n'est pas autorisé.")


class Forms(HTMLParser):
    """The forms of a page: action, method and every named field with the value it would send."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self._select and self._form is not None:
            if self._form["fields"].get(self._select) is None or "selected" in attrs:
                self._form["fields"][self._select] = attrs.get("value", "")
        elif tag == "form":
            self._form = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower()}
            self._form["fields"] = {}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("file", "submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(attrs["name"], None)
                return
            self._form["fields"][attrs["name"]] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"][self._select] = None
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._form["fields"][self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def nul_saved() -> list[str]:
    """Text columns that hold a NUL character (SQLite stores it; PostgreSQL refuses it)."""
    if connection.vendor != "sqlite":
        return []
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for column in model._meta.concrete_fields:
                if isinstance(column, models.CharField | models.TextField | models.JSONField):
                    table, name = model._meta.db_table, column.column
                    cursor.execute(
                        f'SELECT 1 FROM "{table}" WHERE instr("{name}", char(0)) > 0 '  # noqa: S608
                        f"OR instr(\"{name}\", '\\u0000') > 0 LIMIT 1"
                    )
                    if cursor.fetchone():
                        found.append(f"{table}.{name}")
    return found


def _page_forms(client, user, world):  # noqa: F811
    """(page, form) for every form on every page `user` can open, each form once."""
    seen = set()
    for route in ROUTES:
        url = route.url(world)
        if url.startswith(("/api/", "/_allauth/", "/admin/")) or "logout" in route.name:
            continue
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        assert not described_ids_missing(response.content.decode()), f"{url}: aria-describedby names a missing id"
        for form in forms_of(response.content.decode()):
            action = urlsplit(urljoin(url, form["action"] or url)).path
            key = (form["method"], action, tuple(sorted(form["fields"])))
            if key in seen or not set(form["fields"]) - {"csrfmiddlewaretoken"}:
                continue
            seen.add(key)
            yield url, action, form


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "unverified", "owner", "verified"])
def test_a_nul_character_in_any_field_of_any_form_is_refused_on_the_field(world, who):  # noqa: F811
    user = {"anonymous": None, "unverified": UserFactory(), "owner": world.owner, "verified": VerifiedMemberFactory()}
    user = user[who]
    client = Client(raise_request_exception=False)
    sent, refused_on_the_field = [], 0
    for page, action, form in list(_page_forms(client, user, world)):
        for name in form["fields"]:
            if name == "csrfmiddlewaretoken":
                continue
            data = {key: value for key, value in form["fields"].items() if value is not None}
            data[name] = f"{data.get(name) or 'x'}{NUL}"
            if user is not None:
                client.force_login(user)
            response = client.post(action, data) if form["method"] == "post" else client.get(action, data)
            where = f"{who}: {form['method'].upper()} {action} (form of {page}) with NUL in {name!r}"
            assert response.status_code < 500, f"{where} answered {response.status_code}"
            body = response.content.decode(errors="replace")
            assert "Traceback" not in body, where
            if response["Content-Type"].startswith("text/html"):
                assert not described_ids_missing(body), f"{where}: aria-describedby names a missing id"
            if any(message in body for message in NUL_MESSAGES):
                refused_on_the_field += 1
                # The message sits with the field: in its error list, next to it.
                assert response.status_code in (200, 400), where
            sent.append(where)
    assert not nul_saved(), f"{who}: a NUL character was saved in {nul_saved()}"
    assert sent, f"{who}: no form found"
    assert refused_on_the_field, f"{who}: no form said « {NUL_MESSAGE} »"


# --- The API and the app's authentication ---------------------------------------------------------
def _api_writes():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator(urlconf="club.api_urls").get_schema(public=True)
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = (operation.get("requestBody") or {}).get("content", {})
            for media, body in content.items():
                reference = body["schema"].get("$ref", "")
                properties = components.get(reference.rsplit("/", 1)[-1], {}).get("properties", {})
                yield method, path, media, properties


@pytest.mark.django_db
def test_a_nul_character_in_any_field_of_any_api_body_is_a_400_on_that_field(world):  # noqa: F811
    api = APIClient(raise_request_exception=False)
    ids = {"pk": world.listing.pk, "photo_id": world.photo.pk, "slug": world.event.slug}
    conversation_paths = ("/api/v1/conversations/{pk}/",)
    other = VerifiedMemberFactory()  # reports and writes about the owner's annonce
    unverified = UserFactory()  # asks to be verified
    tried = 0
    for method, path, media, properties in _api_writes():
        user = other if path.endswith(("/report/", "/contact/")) else world.owner
        user = unverified if path == "/api/v1/me/verification/" else user
        pk = world.conversation.pk if path.startswith(conversation_paths) else ids["pk"]
        pk = world.booking.pk if path.startswith("/api/v1/bookings/{pk}") else pk
        pk = world.exchange.pk if path.startswith("/api/v1/exchanges/{pk}") else pk
        pk = _closed_group(world).pk if path.startswith("/api/v1/groups/{pk}") else pk  # the owner founded it
        pk = world.owner.saved_searches.get().pk if path.startswith("/api/v1/saved-searches/{pk}") else pk
        url = path.format(**{**ids, "pk": pk})
        for name, spec in properties.items():
            if spec.get("readOnly") or spec.get("format") == "binary":
                continue
            values = [f"a{NUL}b"]
            if spec.get("type") == "object":  # a dict's keys and values, in JSON only
                values = [{"brand": f"a{NUL}"}, {f"k{NUL}": "v"}] if media == "application/json" else []
            for value in values:
                api.force_authenticate(user)
                if media == "application/x-www-form-urlencoded":
                    response = api.generic(method.upper(), url, urlencode({name: value}), content_type=media)
                else:
                    body_format = "multipart" if media == "multipart/form-data" else "json"
                    response = getattr(api, method)(url, {name: value}, format=body_format)
                where = f"{method.upper()} {path} with NUL in {name!r}"
                assert response.status_code == 400, f"{where} answered {response.status_code}: {response.content[:300]}"
                assert name in response.json(), f"{where}: {response.json()}"
                tried += 1
    assert tried >= 15
    # The annonce's own category too, with everything else right.
    api.force_authenticate(world.owner)
    response = api.post(
        "/api/v1/listings/",
        {"category": f"{world.listing.category.slug}{NUL}", "title": "Perceuse", "postcode": "75011"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["category"] == [NUL_MESSAGE.replace("’", "'")]
    assert not nul_saved()


HEADLESS = "/_allauth/app/v1/"
HEADLESS_INPUTS = {
    "auth/login": ["email", "password"],
    "auth/signup": ["email", "password"],
    "auth/password/request": ["email"],
    "auth/password/reset": ["key", "password"],
    "auth/email/verify": ["key"],
    "auth/reauthenticate": ["password"],
    "account/email": ["email"],
    "account/password/change": ["current_password", "new_password"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_a_nul_character_in_the_apps_authentication_is_refused(logged_in):
    user = UserFactory()
    client = Client(raise_request_exception=False)
    headers = {}
    if logged_in:
        login = client.post(
            f"{HEADLESS}auth/login", {"email": user.email, "password": PASSWORD}, content_type="application/json"
        )
        headers["HTTP_X_SESSION_TOKEN"] = login.json()["meta"]["session_token"]
    for endpoint, names in HEADLESS_INPUTS.items():
        for name in names:
            body = {other: "Valeur-1234-abcd" for other in names} | {name: f"a{NUL}@club.example"}
            response = client.post(f"{HEADLESS}{endpoint}", body, content_type="application/json", **headers)
            where = f"POST {endpoint} with NUL in {name!r}"
            assert response.status_code < 500, f"{where} answered {response.status_code}"
    assert not nul_saved()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite stores a NUL character")
def test_the_search_for_a_saved_nul_finds_one():
    user = UserFactory()
    assert not nul_saved()
    user.last_name = f"a{NUL}b"
    user.save()
    assert "members_user.last_name" in nul_saved()


LIST_FILTERS = {
    "/api/v1/listings/": ["q", "category", "kind", "available_on", "near", "lat", "radius", "sort", "ride_from"],
    "/api/v1/events/": ["type", "period", "date_from", "date_to"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("path, names", LIST_FILTERS.items())
def test_a_nul_character_in_an_api_list_filter_is_a_400_on_that_filter(verified_member, path, names):
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(verified_member)
    for name in names:
        response = api.get(path, {name: f"a{NUL}"})
        assert response.status_code == 400, f"{path}?{name}=…NUL answered {response.status_code}"
        assert list(response.json()) == [name]
    # What is not a filter is no error: the page number and one's own annonces' status.
    assert api.get("/api/v1/listings/mine/", {"status": NUL}).status_code == 200
    assert api.get(path, {"page": NUL}).status_code == 404
