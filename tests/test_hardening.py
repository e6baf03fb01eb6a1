"""Production settings, security headers, error pages and outages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = ["/", "/comptes/login/", "/comptes/signup/", "/agenda/", "/lieu/"]


def test_production_settings_pass_check_deploy_without_a_warning():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "club.settings.production",
        "SECRET_KEY": "x" * 64 + "-production-like-secret-for-the-check",
        "ALLOWED_HOSTS": "club.example",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
    }
    env.pop("REDIS_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for their own process
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "club.settings.production", "ALLOWED_HOSTS": "club.example"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_security_headers_on_every_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=(self)" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_pages_have_no_inline_script(client, url):
    html = client.get(url).content.decode()
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        if "application/ld+json" in attributes or "application/json" in attributes:
            continue
        assert "src=" in attributes and not body.strip(), f"inline script on {url}: {attributes} {body[:80]}"
    assert not re.search(r"\son[a-z]+=", html), f"inline event handler on {url}"


@pytest.mark.django_db
def test_404_page_is_in_the_site_style_and_reveals_nothing(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page introuvable" in content and 'class="site-header"' in content
    assert "Traceback" not in content and "urlpatterns" not in content


@pytest.mark.django_db
def test_404_page_in_english(client):
    content = client.get("/en/nowhere/").content.decode()
    assert '<html lang="en">' in content


@pytest.mark.django_db
def test_admin_is_behind_the_rate_limited_site_login(client, member):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/comptes/login/?next=/admin/")
    client.force_login(member)
    assert client.get("/admin/login/?next=/admin/").status_code == 404


@pytest.mark.django_db
def test_staff_reach_the_admin_after_the_site_login(client, staff):
    response = client.post("/comptes/login/?next=/admin/", {"login": staff.email, "password": "a-Strong-password-42"})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


# On SQLite the test database lives in memory and cannot be made unreachable.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_unavailable_answers_a_friendly_503(settings):
    settings.DEBUG = False
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})  # nothing listens there
    try:
        client = Client(raise_request_exception=False)
        client.cookies["sessionid"] = "some-session"  # forces a database read for the session
        response = client.get("/compte/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    content = response.content.decode()
    assert "momentanément indisponible" in content
    assert "OperationalError" not in content and "Traceback" not in content


@pytest.mark.django_db
def test_redis_down_pages_and_login_still_work(client, member):
    closed = {
        "default": {
            "BACKEND": "club.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    with override_settings(CACHES=closed):  # Django rebuilds its cache handler on this change
        assert client.get("/").status_code == 200
        response = client.post("/comptes/login/", {"login": member.email, "password": "a-Strong-password-42"})
        assert response.status_code == 302
        assert client.get("/compte/").status_code == 200
        # Rate limits still count, in this process's memory.
        stranger = Client()
        for _ in range(5):
            stranger.post("/comptes/login/", {"login": member.email, "password": "wrong"})
        refused = stranger.post("/comptes/login/", {"login": member.email, "password": "a-Strong-password-42"})
        assert "trop" in refused.content.decode().lower()
        assert stranger.get("/compte/").status_code == 302


@pytest.mark.django_db
def test_the_benchmarks_bare_page_exists_only_under_the_bench_settings(client):
    from django.urls import NoReverseMatch, reverse

    assert client.get("/_bare/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("bare")
    with override_settings(ROOT_URLCONF="club.bench_urls"):  # what club.settings.bench sets
        response = client.get("/_bare/")
        assert response.status_code == 200 and response.content == b"ok\n"
        assert client.get("/agenda/").status_code == 200  # and the whole site besides
    assert 'ROOT_URLCONF = "club.bench_urls"' in (ROOT / "club/settings/bench.py").read_text()


@pytest.mark.django_db
def test_the_system_check_prints_no_warning_on_the_test_settings():
    import io

    from django.core.management import call_command

    for options in ({}, {"databases": ["default"]}):  # migrate and runserver check the database too
        out, err = io.StringIO(), io.StringIO()
        call_command("check", stdout=out, stderr=err, **options)
        assert "WARNING" not in out.getvalue() + err.getvalue()
        assert "System check identified no issues" in out.getvalue()
