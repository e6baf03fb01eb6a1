"""Fixtures shared by every app's tests: accounts at each level of the login wall, a temporary
MEDIA_ROOT, a clean cache (rate limits live there) and French as the active language for each test."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from club.celery import app
from members.tests.factories import StaffFactory, UserFactory, VerifiedMemberFactory


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgres` tests are skipped, visibly, on SQLite; `@pytest.mark.redis` ones
    without REDIS_URL; `@pytest.mark.nginx` ones where nginx is not installed."""
    from tests.nginx_stack import NGINX

    for item in items:
        if "postgres" in item.keywords and not settings.IS_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…"))
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://…"))
        if "nginx" in item.keywords and not NGINX:
            item.add_marker(pytest.mark.skip(reason="needs nginx: apt-get install nginx"))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in French: a request to an /en/ page leaves English active in the thread, which
    would otherwise leak into the next test's reverse() and messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def celery_worker():
    """A real Celery worker (solo pool, in a thread of this process) consuming from the real Redis
    broker; tasks stop running inline for the test. Use with a `redis` mark and transaction=True."""
    app.conf.task_always_eager = False
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    app.conf.task_always_eager = True


@pytest.fixture
def member(db):
    """A logged-in-able account that is not a verified sociétaire."""
    return UserFactory()


@pytest.fixture
def verified_member(db):
    return VerifiedMemberFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def verified_client(client, verified_member):
    client.force_login(verified_member)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
