"""Run by tests/test_production_headers.py with `manage.py shell -c` under club.settings.production:
requests through Django's test Client, answers printed as one JSON line."""

import json

from django.conf import settings
from django.test import Client, override_settings

# No collectstatic here: plain static storage; every security setting stays production's.
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
).enable()
c = Client(HTTP_HOST="club.example")
out = {}
r = c.get("/comptes/login/", secure=True)
out["status"] = r.status_code
out["headers"] = dict(r.headers)
out["cookies"] = {
    k: {"secure": v["secure"], "httponly": v["httponly"], "samesite": v["samesite"]} for k, v in r.cookies.items()
}
plain = Client(HTTP_HOST="club.example").get("/comptes/login/")
out["http"] = [plain.status_code, plain.headers.get("Location")]
# Load balancers probe over plain HTTP: no redirect to HTTPS for the health checks.
out["health_http"] = {
    url: [r.status_code, r.headers.get("Location")]
    for url in ["/healthz", "/readyz"]
    for r in [Client(HTTP_HOST="club.example").get(url)]
}
csrf = Client(HTTP_HOST="club.example", enforce_csrf_checks=True)
csrf.get("/comptes/login/", secure=True)
token = csrf.cookies["csrftoken"].value
evil = csrf.post("/comptes/login/", {"csrfmiddlewaretoken": token}, secure=True, HTTP_ORIGIN="https://evil.example")
out["evil_origin"] = evil.status_code
out["evil_page"] = "Le formulaire a expiré" in evil.content.decode()
trusted = csrf.post("/comptes/login/", {"csrfmiddlewaretoken": token}, secure=True, HTTP_ORIGIN="https://club.example")
out["trusted_origin"] = trusted.status_code
out["settings"] = {
    k: getattr(settings, k) for k in ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "CSRF_TRUSTED_ORIGINS", "DEBUG"]
}
print("PROBE" + json.dumps(out))
