"""The public pages' cache (club/page_cache.py): what anonymous visitors get from it, that every
write shows on the very next request, and that nobody ever gets somebody else's page, form,
token, messages or data. The suite runs with the cache off (club.settings.test); these tests turn
it on, and run the after-commit callbacks of each write as a commit would."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from club.page_cache import VERSION_KEY
from events import services
from events.tests.factories import EventFactory
from events.tests.test_admin import _change_form_data
from members.tests.factories import VerifiedMemberFactory
from venue.tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()


@pytest.fixture
def event(db):
    return EventFactory(title="Débat sur la ville", capacity=20)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write's after-commit callbacks, as its commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _booking_token(client, event) -> str:
    fragment = client.get(reverse("events:booking_form", args=[event.slug]), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    return TOKEN.search(fragment.content.decode()).group(1)


def test_an_anonymous_page_is_stored_once_then_served_without_cookie_or_token(client, event):
    first = client.get("/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for response in (first, second):
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "X-CSRFToken" not in response.content.decode()
        assert response["Cache-Control"].startswith("public, max-age=")
        assert "Cookie" in response["Vary"]
    assert first["ETag"] == second["ETag"]
    # The security headers of the middleware above the cache are on the cached answer too.
    assert "Content-Security-Policy" in second and second["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("name", ["venue:home", "venue:place", "events:agenda", "venue:partners"])
def test_the_public_pages_are_cached(client, event, name):
    VenueFactory()
    client.get(reverse(name))
    assert client.get(reverse(name))["X-Page-Cache"] == "hit"


def test_the_event_page_is_cached_and_its_form_comes_apart(client, event):
    client.get(event.get_absolute_url())
    page = client.get(event.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    # No form with a token in the page: a slot loads it, and a plain link opens it without JavaScript.
    assert 'name="seats"' not in html
    assert f'hx-get="{reverse("events:booking_form", args=[event.slug])}"' in html
    assert f'href="{reverse("events:booking_form", args=[event.slug])}"' in html
    form_page = client.get(reverse("events:booking_form", args=[event.slug]))
    assert form_page.status_code == 200 and 'name="seats"' in form_page.content.decode()
    assert TOKEN.search(form_page.content.decode())
    assert "no-store" in form_page["Cache-Control"] or "private" in form_page["Cache-Control"]


def test_a_booking_from_the_cached_page_with_csrf_on_shows_on_the_very_next_request(event, commit):
    visitor = Client(enforce_csrf_checks=True)
    assert "20 places libres" in visitor.get(event.get_absolute_url()).content.decode()
    assert visitor.get(event.get_absolute_url())["X-Page-Cache"] == "hit"
    token = _booking_token(visitor, event)
    data = {"name": "Ana", "email": "ana@example.org", "seats": "3", "consent": "on", "csrfmiddlewaretoken": token}
    with commit():
        booked = visitor.post(event.get_absolute_url(), data)
    assert booked.status_code == 302, booked.content.decode()[:2000]
    # Another visitor, the very next request: the seats are gone.
    page = Client().get(event.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "17 places libres" in page.content.decode()
    assert "17 places libres" in Client().get(reverse("events:agenda")).content.decode()


def test_a_post_without_the_token_is_still_refused(event):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(event.get_absolute_url())
    data = {"name": "Ana", "email": "ana@example.org", "seats": "1", "consent": "on"}
    assert visitor.post(event.get_absolute_url(), data).status_code == 403
    event.refresh_from_db()
    assert event.seats_confirmed == 0


def test_an_event_edit_in_the_admin_shows_at_once(client, staff, event, commit):
    assert "Débat sur la ville" in client.get(reverse("events:agenda")).content.decode()
    client.get(event.get_absolute_url())
    assert client.get(event.get_absolute_url())["X-Page-Cache"] == "hit"
    staff_client = Client()
    staff_client.force_login(staff)
    with commit():
        response = staff_client.post(
            reverse("admin:events_event_change", args=[event.pk]), _change_form_data(event, title_fr="Débat renommé")
        )
    assert response.status_code == 302
    assert "Débat renommé" in client.get(event.get_absolute_url()).content.decode()
    assert "Débat renommé" in client.get(reverse("events:agenda")).content.decode()


def test_a_cancellation_by_the_service_shows_at_once(client, event, commit):
    booking = services.booking_create(event=event, name="Ana", email="ana@example.org", seats=4)
    assert "16 places libres" in client.get(event.get_absolute_url()).content.decode()
    with commit():
        services.booking_cancel(booking=booking)
    assert "20 places libres" in client.get(event.get_absolute_url()).content.decode()


class _FormData(HTMLParser):
    """The values an admin change form would send as it is (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n") if not self.data[self._textarea] else data


def test_a_venue_edit_in_the_admin_shows_at_once(client, staff, commit):
    venue = VenueFactory(access="Métro Bastille")
    assert "Métro Bastille" in client.get(reverse("venue:place")).content.decode()
    assert client.get(reverse("venue:place"))["X-Page-Cache"] == "hit"
    staff_client = Client()
    staff_client.force_login(staff)
    url = reverse("admin:venue_venue_change", args=[venue.pk])
    parser = _FormData()
    parser.feed(staff_client.get(url).content.decode())
    data = parser.data | {"access_fr": "Métro Voltaire, ligne 9"}
    with commit():
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Métro Voltaire, ligne 9" in client.get(reverse("venue:place")).content.decode()


def test_each_language_has_its_own_page_and_the_switch_goes_to_the_other(client, event):
    french = client.get("/agenda/")
    assert french["Content-Language"] == "fr" and 'lang="fr"' in french.content.decode()
    english = client.get("/en/agenda/")
    assert english["X-Page-Cache"] == "miss"
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()
    assert client.get("/en/agenda/")["Content-Language"] == "en"
    assert client.get("/agenda/")["Content-Language"] == "fr"
    switch = client.get("/langue/", {"language": "en", "next": event.get_absolute_url()})
    assert switch.status_code == 302 and switch["Location"] == f"/en/agenda/{event.slug}/"
    back = client.get("/langue/", {"language": "fr", "next": f"/en/agenda/{event.slug}/"})
    assert back["Location"] == f"/agenda/{event.slug}/"
    elsewhere = client.get("/langue/", {"language": "en", "next": "https://evil.example/"})
    assert elsewhere["Location"] == "/en/"


def test_no_visitor_sees_another_ones_form_token_or_data(event):
    member = VerifiedMemberFactory(email="camille@example.org", first_name="Camille", last_name="Martin")
    first = Client()
    first.force_login(member)
    mine = first.get(event.get_absolute_url()).content.decode()
    assert "camille@example.org" in mine and TOKEN.search(mine)
    anonymous_a, anonymous_b = Client(), Client()
    page_a = anonymous_a.get(event.get_absolute_url()).content.decode()
    page_b = anonymous_b.get(event.get_absolute_url())
    assert page_b["X-Page-Cache"] == "hit"
    for html in (page_a, page_b.content.decode()):
        assert "camille@example.org" not in html and "Camille" not in html
        assert not TOKEN.search(html)
    token_a, token_b = _booking_token(anonymous_a, event), _booking_token(anonymous_b, event)
    assert token_a != token_b
    # The member's next page is theirs, not the cached one.
    again = first.get(event.get_absolute_url())
    assert "X-Page-Cache" not in again and "camille@example.org" in again.content.decode()
    assert token_a not in again.content.decode() and token_b not in again.content.decode()


def test_a_member_never_gets_the_anonymous_page_and_never_leaves_theirs(client, verified_member):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    member = Client()
    member.force_login(verified_member)
    theirs = member.get("/")
    assert "X-Page-Cache" not in theirs
    assert "Se déconnecter" in theirs.content.decode()
    assert "public" not in theirs.get("Cache-Control", "") and "private" in theirs["Cache-Control"]
    cache.clear()
    member.get("/")  # rendered for the member first, with the cache empty
    anonymous = Client().get("/")
    assert anonymous["X-Page-Cache"] == "miss"
    assert "Se déconnecter" not in anonymous.content.decode()


def test_a_page_with_messages_is_not_cached(client, event, commit):
    booking = services.booking_create(event=event, name="Ana", email="ana@example.org", seats=1)
    from events.tokens import booking_token

    with commit():
        response = client.post(reverse("events:booking_cancel", args=[booking_token(booking)]), follow=True)
    html = response.content.decode()
    assert "Votre réservation est annulée" in html
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")
    later = Client().get(event.get_absolute_url())
    assert later["X-Page-Cache"] == "miss"
    assert "Votre réservation est annulée" not in later.content.decode()


def test_etag_gives_304_until_a_write(client, event, commit):
    first = client.get(event.get_absolute_url())
    etag = first["ETag"]
    not_modified = client.get(event.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == etag
    cache.delete_many([key for key in [VERSION_KEY]])  # even when the version itself is lost…
    assert client.get(event.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200
    with commit():
        services.booking_create(event=event, name="Ana", email="ana@example.org", seats=1)
    fresh = client.get(event.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["ETag"] != etag
    assert "19 places libres" in fresh.content.decode()


def test_head_is_served_from_the_cache_without_a_body(client, event):
    client.get(reverse("events:agenda"))
    head = client.head(reverse("events:agenda"))
    assert head.status_code == 200 and head.content == b"" and head["X-Page-Cache"] == "hit"


def test_undeclared_query_parameters_are_not_stored(client, event):
    client.get(reverse("events:agenda"), {"utm_source": "x"})
    assert "X-Page-Cache" not in client.get(reverse("events:agenda"), {"utm_source": "x"})
    client.get(reverse("events:agenda"), {"period": "month", "type": event.type.slug})
    # The same filters in another order: the same entry.
    again = client.get(f"{reverse('events:agenda')}?type={event.type.slug}&period=month")
    assert again["X-Page-Cache"] == "hit"


def test_members_pages_are_never_cached_for_anyone(client, verified_member):
    assert client.get(reverse("listings:list")).status_code == 302  # the wall, as before
    member = Client()
    member.force_login(verified_member)
    for _ in range(2):
        page = member.get(reverse("listings:list"))
        assert page.status_code == 200 and "X-Page-Cache" not in page
        assert "public" not in page.get("Cache-Control", "")
    assert client.get(reverse("listings:list")).status_code == 302


def test_a_members_agenda_and_event_page_show_a_booking_at_once(event, verified_member, commit):
    """Members get no cached page, but the parts of it that are the same for everyone are kept
    (the agenda's cards, the event's texts): under the same version, so a write shows at once."""
    member = Client()
    member.force_login(verified_member)
    for url in (event.get_absolute_url(), reverse("events:agenda")):
        member.get(url)
        assert "20 places libres" in member.get(url).content.decode()
    with commit():
        services.booking_create(event=event, name="Ana", email="ana@example.org", seats=4)
    for url in (event.get_absolute_url(), reverse("events:agenda")):
        assert "16 places libres" in member.get(url).content.decode()
    with commit():
        EventFactory(title="Atelier tout neuf", starts_at=event.starts_at)
    assert "Atelier tout neuf" in member.get(reverse("events:agenda")).content.decode()
