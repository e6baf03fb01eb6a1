"""The real front: nginx with deploy/'s configuration in front of gunicorn with the production
settings (tests/nginx_stack.py), checked from the outside, over HTTPS, as a visitor would be.

Marked `nginx`: skipped, and reported, where nginx is not installed; CI installs it (.ci/run)."""

import http.client
import json
import re
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from listings.photos import prepare_photo
from listings.services import photos_add
from listings.tests.factories import ListingFactory, image_bytes, upload
from members.tests.factories import VerifiedMemberFactory

from . import nginx_stack

pytestmark = pytest.mark.nginx


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory, django_db_blocker):
    from django.conf import settings

    with django_db_blocker.unblock():
        db_url = nginx_stack.database_url(connection.settings_dict)
    running = nginx_stack.start(tmp_path_factory.mktemp("front"), secret_key=settings.SECRET_KEY, db_url=db_url)
    try:
        yield running
    finally:
        nginx_stack.stop_all(running)
        assert all(p.poll() is not None for p in running.processes)


def _logged(stack, needle, *, wait=3.0) -> bool:
    """Whether gunicorn's access log has a line with `needle` (it writes after answering)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if needle in stack.gunicorn_log():
            return True
        time.sleep(0.1)
    return False


def test_a_page_through_nginx(stack):
    page = stack.get("/")
    assert page.status == 200, page.text[:500]
    assert "Le Club" in page.text
    # Django saw HTTPS (X-Forwarded-Proto) and the real host: production's headers are there.
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    [request_id] = page.headers.get_all("X-Request-ID")  # once: nginx's, which Django took up
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert _logged(stack, f"id={request_id}")  # the same id reached gunicorn
    # Plain HTTP only redirects.
    plain = stack.get("/agenda/", https=False)
    assert plain.status == 301 and plain.headers["Location"] == "https://club.example/agenda/"
    # ...except for the load balancer's health checks.
    health = stack.get("/healthz", https=False)
    assert health.status == 200 and json.loads(health.body) == {"status": "ok"}


def test_a_cached_public_page_through_nginx(stack):
    """The public pages' cache (club/page_cache.py) behind nginx: the second visit is a hit, with
    production's headers still on it, no cookie, and a 304 for a browser that has it already."""
    stack.get("/lieu/")
    page = stack.get("/lieu/")
    assert page.status == 200 and page.headers["X-Page-Cache"] == "hit"
    assert page.headers["Cache-Control"].startswith("public, max-age=")
    assert "Cookie" in page.headers["Vary"]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert page.headers.get_all("Set-Cookie") is None
    assert len(page.headers.get_all("X-Request-ID")) == 1
    etag = page.headers["ETag"]
    again = stack.get("/lieu/", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["ETag"] == etag


def test_static_files_are_served_by_nginx_not_django(stack):
    manifest = json.loads((stack.static_root / "staticfiles.json").read_text())["paths"]
    name = manifest["css/club.css"]
    answer = stack.get(f"/static/{name}")
    assert answer.status == 200
    assert answer.body == (stack.static_root / name).read_bytes()
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    compressed = stack.get(f"/static/{name}", headers={"Accept-Encoding": "gzip"})
    assert compressed.headers["Content-Encoding"] == "gzip"
    # The unhashed copy (nginx's own error pages link it) is cached briefly only.
    plain = stack.get("/static/css/club.css")
    assert plain.status == 200 and plain.headers["Cache-Control"] == "public, max-age=3600"
    assert stack.get("/static/css/nothing-here.css").status == 404
    assert not _logged(stack, "/static/", wait=0.5)


def test_only_the_public_media_folders_are_served(stack):
    (stack.media_root / "events" / "affiche.jpg").write_bytes(image_bytes())
    (stack.media_root / "partners" / "logo.png").write_bytes(image_bytes("PNG"))
    (stack.media_root / "private" / "secret.jpg").write_bytes(image_bytes())
    assert stack.get("/media/events/affiche.jpg").body == image_bytes()
    assert stack.get("/media/partners/logo.png").status == 200
    hidden = ["/media/private/secret.jpg", "/protected-media/private/secret.jpg", "/media/events/../private/secret.jpg"]
    for path in hidden:
        answer = stack.get(path)
        assert answer.status in (400, 404) and answer.body != image_bytes(), path


@pytest.mark.django_db(transaction=True)
def test_a_members_listing_photo_goes_through_the_wall_and_x_accel_redirect(stack, settings):
    settings.MEDIA_ROOT = stack.media_root  # the photo is written where gunicorn and nginx look
    listing = ListingFactory()
    photos_add(listing=listing, photos=[prepare_photo(upload())])
    photo = listing.photos.get()
    url = reverse("listings:photo", args=[photo.pk, "card"])
    member = Client()
    member.force_login(VerifiedMemberFactory())
    cookie = f"sessionid={member.cookies['sessionid'].value}"

    seen = stack.get(url, headers={"Cookie": cookie})
    assert seen.status == 200, seen.text[:300]
    assert seen.headers["Content-Type"] == "image/jpeg"
    assert "X-Accel-Redirect" not in seen.headers
    files = [p for p in (stack.media_root / "private").rglob("*") if p.is_file()]
    on_disk = [p.read_bytes() for p in files]
    assert seen.body in on_disk, files  # nginx sent the thumbnail's file itself

    anonymous = stack.get(url)
    assert anonymous.status in (302, 404) and anonymous.body not in on_disk
    if anonymous.status == 302:
        assert "/comptes/login/" in anonymous.headers["Location"]


def _signup(stack, source, forwarded=None):
    headers = {"Content-Type": "application/json"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    return stack.request("POST", "/_allauth/app/v1/auth/signup", body="{}", headers=headers, source=source).status


def test_rate_limits_count_each_client_behind_nginx(stack):
    """allauth's sign-up limit (20 a minute per address) with TRUSTED_PROXY_COUNT=1: each client
    nginx sees (another loopback address) has its own allowance, a forged header none."""
    codes = [_signup(stack, "127.0.0.2", forwarded=f"198.51.100.{i}") for i in range(21)]
    assert 429 not in codes[:20] and codes[20] == 429, codes
    assert _signup(stack, "127.0.0.3") != 429
    # Claiming to be another client on the left of the header does not help...
    assert _signup(stack, "127.0.0.2", forwarded="127.0.0.9") == 429
    # ...nor does claiming to be the limited one harm a third client.
    assert _signup(stack, "127.0.0.4", forwarded="127.0.0.2") != 429


def test_an_upload_over_the_limit_is_refused_by_nginx_with_a_page(stack):
    too_big = 61 * 1024 * 1024 + 1  # one byte over client_max_body_size; nothing of it is sent
    conn = http.client.HTTPSConnection("127.0.0.1", stack.https_port, context=stack.tls(), timeout=30)
    try:
        conn.putrequest("POST", "/annonces/nouvelle/pret-objets/", skip_host=True)
        conn.putheader("Host", "club.example")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(too_big))
        conn.endheaders()
        response = conn.getresponse()
        status, content_type, body = response.status, response.headers["Content-Type"], response.read().decode()
    finally:
        conn.close()
    assert status == 413
    assert content_type.startswith("text/html")
    assert "Envoi trop volumineux" in body and "6 photos de 10 Mo" in body
    assert 'href="/static/css/club.css"' in body  # the site's look, served by nginx too
    assert not _logged(stack, "/annonces/nouvelle/pret-objets/", wait=0.5)
    # Under the limit, the request reaches the app (which answers for itself: here CSRF, 403).
    under = stack.request(
        "POST",
        "/annonces/nouvelle/pret-objets/",
        body=b"--x\r\n" + b"a" * (5 * 1024 * 1024) + b"\r\n--x--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert under.status not in (413, 500, 502), under.status
