"""Nothing is lost when the broker is down: the change commits, the person sees success, and the
e-mail goes out once the broker is back."""

import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from kombu import pools

from club.celery import app
from club.models import OutboxTask
from members.models import VerificationStatus
from members.services import verification_submit
from members.tests.factories import UserFactory

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"


def _forget_connections():
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def broker(url: str, *, eager: bool):
    """Point the Celery app at another broker for the duration of the block."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = url, eager
    _forget_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _forget_connections()


def approve_through_the_admin(client, profile):
    return client.post(
        "/admin/members/memberprofile/",
        {"action": "approve", "_selected_action": [profile.pk]},
        follow=True,
    )


@pytest.mark.django_db(transaction=True)
def test_broker_down_the_change_commits_and_the_email_waits_in_the_outbox(staff_client):
    member = UserFactory()
    verification_submit(profile=member.profile, number="Z1", last_name="Nobody", postcode="75001")
    with broker(CLOSED_PORT_BROKER, eager=False):
        response = approve_through_the_admin(staff_client, member.profile)
    assert response.status_code == 200
    assert "1 membre validé" in response.content.decode()
    member.profile.refresh_from_db()
    assert member.profile.verification_status == VerificationStatus.VERIFIED
    waiting = OutboxTask.objects.get()
    assert waiting.task_name == "members.tasks.send_verification_decision"
    assert waiting.attempts == 1 and waiting.last_error
    assert mail.outbox == []

    # The broker is back (here: tasks inline); the flush sends the e-mail once.
    call_command("outbox_flush")
    call_command("outbox_flush")
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert not OutboxTask.objects.exists()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_broker_down_then_back_a_real_worker_sends_the_email(staff_client):
    member = UserFactory()
    verification_submit(profile=member.profile, number="Z1", last_name="Nobody", postcode="75001")
    with broker(CLOSED_PORT_BROKER, eager=False):
        approve_through_the_admin(staff_client, member.profile)
    assert OutboxTask.objects.count() == 1

    with broker(settings.CELERY_BROKER_URL, eager=False):
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(app.conf.task_default_queue)
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            call_command("outbox_flush")
            deadline = time.monotonic() + 20
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert not OutboxTask.objects.exists()
