"""/healthz and /readyz: what the load balancer, the deploy and monitoring read. Each outage is real
(a closed port, a database that cannot be opened, a migration module with an unapplied migration)
and the answer names the failing check without revealing any address or error text."""

import json

import pytest
from django.db import connection
from django.test import Client, override_settings

from .test_outages import CLOSED_CACHE
from .test_outbox import CLOSED_PORT_BROKER, broker

HEALTHY = {"database": "ok", "cache": "ok", "broker": "ok", "migrations": "ok"}
# What an answer must never hold: where the dependencies are, or what their errors said.
SECRETS = ["127.0.0.1", "localhost", "redis://", "postgres", "sqlite", "Error", "refused", "password"]


def readyz(client=None):
    response = (client or Client()).get("/readyz")
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body, secret
    return response.status_code, json.loads(body)


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_when_everything_is_up():
    assert readyz() == (200, {"status": "ok", "checks": HEALTHY})


@pytest.mark.django_db
def test_health_checks_are_not_rate_limited():
    client = Client()
    for _ in range(200):
        assert client.get("/healthz").status_code == 200
    assert readyz(client)[0] == 200


@pytest.mark.django_db
def test_health_checks_answer_only_get():
    assert Client().post("/healthz").status_code == 405
    assert Client().post("/readyz").status_code == 405


def _database_unreachable():
    """Point the connection somewhere it cannot connect: a closed port on PostgreSQL, a file in a
    folder that does not exist on SQLite. Returns the function that puts it back."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})  # nothing listens there
    else:
        connection.settings_dict["NAME"] = "/nonexistent-folder/club.sqlite3"

    def restore():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)

    return restore


@pytest.mark.django_db(transaction=True)
def test_readyz_when_the_database_is_down():
    restore = _database_unreachable()
    try:
        status, body = readyz()
    finally:
        restore()
    assert status == 503 and body["status"] == "error"
    assert body["checks"]["database"] == "error"
    assert body["checks"]["cache"] == "ok" and body["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_readyz_when_the_cache_is_down():
    """Even though the site keeps working on local memory then (club/cache.py), Redis is reported."""
    with override_settings(CACHES=CLOSED_CACHE):
        status, body = readyz()
    assert status == 503
    assert body == {"status": "error", "checks": {**HEALTHY, "cache": "error"}}


@pytest.mark.django_db
def test_readyz_when_the_broker_is_down():
    with broker(CLOSED_PORT_BROKER, eager=False):
        status, body = readyz()
    assert status == 503
    assert body == {"status": "error", "checks": {**HEALTHY, "broker": "error"}}


@pytest.mark.django_db
def test_readyz_when_a_migration_is_not_applied():
    # django.contrib.humanize has no migration: give it one, never applied.
    with override_settings(MIGRATION_MODULES={"humanize": "tests.pending_migration"}):
        status, body = readyz()
    assert status == 503
    assert body == {"status": "error", "checks": {**HEALTHY, "migrations": "error"}}


@pytest.mark.django_db
def test_a_failing_check_is_logged_with_the_request_id(capsys):
    with override_settings(CACHES=CLOSED_CACHE):
        response = Client().get("/readyz")
    stderr = capsys.readouterr().err
    request_id = response["X-Request-ID"]
    assert f"WARNING club.health [{request_id}] readyz: the cache check failed" in stderr
    assert f"ERROR django.request [{request_id}] Service Unavailable: /readyz" in stderr
