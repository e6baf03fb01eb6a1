"""No message lost, none sent twice: e-mails are sent first and recorded after, once per task run
(the SentEmail ledger); the outbox caps its attempts and parks what keeps failing without holding
back the rest; the broker's queue does not live in the cache's Redis database."""

import threading
import time

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from club.models import OutboxTask, SentEmail
from club.queue import outbox_flush, outbox_resend
from listings import tasks as listing_tasks
from listings.tests.factories import ListingFactory
from members.models import VerificationStatus
from members.tasks import send_verification_decision
from members.tests.factories import UserFactory


class DownOnceBackend(EmailBackend):
    """A mail server that refuses the first message, then accepts."""

    refusals = 0

    def send_messages(self, messages):
        if DownOnceBackend.refusals:
            DownOnceBackend.refusals -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def mail_down_once(settings):
    settings.EMAIL_BACKEND = f"{__name__}.DownOnceBackend"
    DownOnceBackend.refusals = 1
    yield
    DownOnceBackend.refusals = 0


def decided_member():
    member = UserFactory()
    member.profile.verification_status = VerificationStatus.VERIFIED
    member.profile.verification_decided_at = timezone.now()
    member.profile.save()
    return member


@pytest.mark.django_db
def test_a_task_run_twice_with_its_id_emails_once(mailoutbox):
    member = decided_member()
    send_verification_decision.apply(args=[member.profile.pk], task_id="decision-1")
    send_verification_decision.apply(args=[member.profile.pk], task_id="decision-1")  # redelivered
    assert [m.to for m in mailoutbox] == [[member.email]]
    send_verification_decision.apply(args=[member.profile.pk], task_id="decision-2")  # another intent
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_a_send_that_fails_records_nothing_so_its_retry_sends_once(mail_down_once, mailoutbox):
    member = decided_member()
    with pytest.raises(Retry):  # inline, the autoretry surfaces; a worker would run it again later
        send_verification_decision.apply(args=[member.profile.pk], task_id="decision-1")
    assert mailoutbox == [] and not SentEmail.objects.exists()
    send_verification_decision.apply(args=[member.profile.pk], task_id="decision-1")  # the retry
    send_verification_decision.apply(args=[member.profile.pk], task_id="decision-1")  # and once more
    assert [m.to for m in mailoutbox] == [[member.email]]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_a_failed_send_with_backoff_and_delivers_once(mail_down_once, celery_worker):
    member = decided_member()
    send_verification_decision.delay(member.profile.pk)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.5)  # time for a second, wrong, send to show
    assert [m.to for m in mail.outbox] == [[member.email]]


@pytest.mark.django_db
def test_the_expiry_warning_is_recorded_only_once_sent(mail_down_once, mailoutbox):
    listing = ListingFactory(expires_at=timezone.now() + timezone.timedelta(days=2))
    with pytest.raises(Retry):
        listing_tasks.warn_expiring_listings.apply()
    listing.refresh_from_db()
    assert listing.expiry_warned_at is None  # not sent, so not recorded
    assert listing_tasks.warn_expiring_listings.apply().get() == 1
    assert listing_tasks.warn_expiring_listings.apply().get() == 0
    assert [m.to for m in mailoutbox] == [[listing.author.email]]
    listing.refresh_from_db()
    assert listing.expiry_warned_at is not None


@pytest.mark.django_db
def test_rows_that_keep_failing_are_parked_and_never_hold_back_new_ones(settings, mailoutbox):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    old = timezone.now() - timezone.timedelta(minutes=5)
    # 500 rows that already failed once (their on-commit send) and will keep failing…
    OutboxTask.objects.bulk_create(
        OutboxTask(task_name="gone.tasks.removed_task", args=[n], attempts=1, next_attempt_at=old) for n in range(500)
    )
    member = decided_member()
    OutboxTask.objects.create(task_name=send_verification_decision.name, args=[member.profile.pk])
    OutboxTask.objects.update(created_at=old)
    assert outbox_flush(batch=500) == 1  # …and the new row still goes out in the first flush,
    assert [m.to for m in mailoutbox] == [[member.email]]
    # while the failing rows wait for their next attempt, then are parked after the cap.
    for _ in range(2):
        OutboxTask.objects.update(next_attempt_at=None)
        outbox_flush()
    assert OutboxTask.objects.filter(parked_at__isnull=False).count() == 500
    assert OutboxTask.objects.filter(attempts=3).count() == 500
    OutboxTask.objects.update(next_attempt_at=None)
    assert outbox_flush() == 0  # parked rows are left alone


@pytest.mark.django_db
def test_staff_see_parked_rows_and_resend_them(admin_client, settings, mailoutbox):
    member = decided_member()
    row = OutboxTask.objects.create(
        task_name=send_verification_decision.name,
        args=[member.profile.pk],
        attempts=12,
        parked_at=timezone.now(),
        last_error="Error 111 connecting",
    )
    page = admin_client.get("/admin/club/outboxtask/?parked=yes").content.decode()
    assert "send_verification_decision" in page and "Error 111" in page
    response = admin_client.post(
        "/admin/club/outboxtask/", {"action": "resend", "_selected_action": [row.pk]}, follow=True
    )
    assert "1 tâche renvoyée" in response.content.decode()
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert not OutboxTask.objects.exists()
    assert outbox_resend(rows=OutboxTask.objects.all()) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_flushes_at_once_never_send_one_row_twice(mailoutbox):
    members = [decided_member() for _ in range(20)]
    for member in members:
        OutboxTask.objects.create(task_name=send_verification_decision.name, args=[member.profile.pk])
    OutboxTask.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=1))
    barrier = threading.Barrier(4)
    sent, errors = [], []

    def flush():
        try:
            barrier.wait()
            sent.append(outbox_flush())
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=flush) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(sent) == 20
    assert sorted(m.to[0] for m in mailoutbox) == sorted(m.email for m in members)
    assert not OutboxTask.objects.exists()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_clearing_the_cache_keeps_the_queued_tasks(settings):
    from club.celery import app

    assert settings.CACHES["default"]["LOCATION"] != settings.CELERY_BROKER_URL
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(app.conf.task_default_queue)
            send_verification_decision.apply_async(args=[0], connection=conn)
            cache.set("something", 1)
            cache.clear()
            assert cache.get("something") is None
            waiting = conn.default_channel.client.llen(app.conf.task_default_queue)
            conn.default_channel.queue_purge(app.conf.task_default_queue)
    finally:
        app.conf.task_always_eager = True
    assert waiting == 1
