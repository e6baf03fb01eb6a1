"""Security headers and cookies on a response served with the production settings themselves (a
subprocess under club.settings.production; tests/production_probe.py makes the requests)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def probe():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "club.settings.production",
        "SECRET_KEY": "p" * 64 + "-production-like-secret-for-the-probe",
        "ALLOWED_HOSTS": "club.example",
        "CSRF_TRUSTED_ORIGINS": "https://club.example",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    for name in ["REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"]:
        env.pop(name, None)
    script = (ROOT / "tests" / "production_probe.py").read_text()
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("PROBE")), None)
    assert line, result.stdout + result.stderr
    return json.loads(line.removeprefix("PROBE"))


def test_production_page_is_served(probe):
    assert probe["status"] == 200 and probe["settings"]["DEBUG"] is False


def test_https_only_with_hsts(probe):
    assert probe["http"] == [301, "https://club.example/comptes/login/"]
    assert probe["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_health_checks_answer_over_plain_http(probe):
    assert probe["health_http"]["/healthz"] == [200, None]
    # The probe's in-memory database has no table: not ready, but answered, not redirected.
    assert probe["health_http"]["/readyz"] == [503, None]


def test_cookies_are_secure(probe):
    assert probe["cookies"]["csrftoken"]["secure"] is True
    assert probe["settings"]["SESSION_COOKIE_SECURE"] is True and probe["settings"]["CSRF_COOKIE_SECURE"] is True


def test_csrf_trusts_only_the_configured_origins(probe):
    assert probe["settings"]["CSRF_TRUSTED_ORIGINS"] == ["https://club.example"]
    assert probe["evil_origin"] == 403 and probe["evil_page"]
    assert probe["trusted_origin"] != 403


def test_browser_protections(probe):
    headers = probe["headers"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", csp).group(1).split()
    assert script_src == ["'self'"]  # no inline script, no eval, no CDN
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    policy = headers["Permissions-Policy"]
    assert "geolocation=(self)" in policy and "microphone=()" in policy and "payment=()" in policy
