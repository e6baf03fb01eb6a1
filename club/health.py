"""Health checks for the load balancer, the deploy and monitoring.

`/healthz`: the process answers (no database, no cache). `/readyz`: the database, the cache and the
broker are reachable and no migration is waiting; 503 naming the failing check otherwise. The
answers say "ok" or "error" and nothing else: no address, host or exception text (it could hold a
DSN). Details go to the log, with the request id. Both are outside the i18n patterns, not rate
limited, never cached and, in production, exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT)."""

import logging
import uuid
from urllib.parse import urlsplit

import redis
from django.core.cache import caches
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from django_redis.cache import RedisCache
from kombu import Connection

from .cache import ResilientRedisCache
from .celery import app

logger = logging.getLogger(__name__)
TIMEOUT = 1.0  # seconds per network check: a probe must answer before the balancer gives up


def _answer(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def healthz(request):
    return _answer({"status": "ok"})


def check_database() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def check_cache() -> None:
    # ResilientRedisCache answers from local memory when Redis is down: ask Redis itself.
    cache = caches["default"]
    backend = RedisCache if isinstance(cache, ResilientRedisCache) else type(cache)
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    backend.set(cache, key, value, timeout=10)
    if backend.get(cache, key) != value:
        raise RuntimeError("the cache did not give back what was just set")
    backend.delete(cache, key)


def check_broker() -> None:
    url = app.conf.broker_url or ""
    scheme = urlsplit(url).scheme
    if scheme == "memory":  # tasks run in this process: nothing to reach
        return
    if scheme in ("redis", "rediss"):
        client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
        return
    with Connection(url, connect_timeout=TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1)


def check_migrations() -> None:
    for alias in connections:
        executor = MigrationExecutor(connections[alias])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise RuntimeError(f"unapplied migrations on database {alias!r}")


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "migrations": check_migrations,
}


@require_GET
def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # one line per failure, no traceback: probes come every few seconds
            logger.warning("readyz: the %s check failed: %s: %s", name, type(exc).__name__, exc)
            results[name] = "error"
        else:
            results[name] = "ok"
    ready = all(result == "ok" for result in results.values())
    return _answer({"status": "ok" if ready else "error", "checks": results}, status=200 if ready else 503)
