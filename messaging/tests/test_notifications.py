"""The new-message e-mail: sent first and recorded after, so a failed send is retried and
delivered; never twice, whether the task runs twice or two workers run it at once; at most one
per hour per side, and not if the recipient already read the message."""

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from club.models import OutboxTask
from club.queue import outbox_flush
from listings import tasks as listing_tasks
from listings.tests.factories import ListingFactory
from members.tests.factories import VerifiedMemberFactory
from messaging import services, tasks
from messaging.models import Conversation
from messaging.tests.backends import FailsOnceBackend

FAILS_ONCE = "messaging.tests.backends.FailsOnceBackend"


@pytest.fixture
def fails_once(settings):
    FailsOnceBackend.failures_left = 1
    settings.EMAIL_BACKEND = FAILS_ONCE
    yield
    FailsOnceBackend.failures_left = 0


def _message(listing=None):
    """A message from a member to an annonce's author, as if its e-mail task had not run yet."""
    message = services.conversation_start(
        listing=listing or ListingFactory(), sender=VerifiedMemberFactory(), body="Bonjour !"
    )
    # Outside a test transaction the task already ran after commit: undo what it did.
    OutboxTask.objects.all().delete()
    Conversation.objects.update(author_notified_at=None)
    mail.outbox.clear()
    return message


@pytest.mark.django_db
def test_a_send_that_fails_once_is_sent_again_from_the_outbox(fails_once, django_capture_on_commit_callbacks):
    """Tasks run inline here (no worker): the failed run leaves its outbox row, and the flush
    that retries it delivers the e-mail, once."""
    listing = ListingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_start(listing=listing, sender=VerifiedMemberFactory(), body="Toujours libre ?")
    assert FailsOnceBackend.failures_left == 0, "the first send did fail"
    assert mail.outbox == [] and OutboxTask.objects.count() == 1
    assert outbox_flush(older_than_seconds=0, now_for_all=True) == 1
    assert outbox_flush(older_than_seconds=0, now_for_all=True) == 0
    assert [m.to for m in mail.outbox] == [[listing.author.email]]
    assert "Toujours libre ?" in mail.outbox[0].body
    assert Conversation.objects.get().author_notified_at is not None


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_retries_a_failed_send_and_delivers_once(fails_once, celery_worker):
    """A real worker through Redis: the first send fails, Celery's retry (1 s later) sends."""
    listing = ListingFactory()
    services.conversation_start(listing=listing, sender=VerifiedMemberFactory(), body="Toujours libre ?")
    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # a second e-mail would have come by now
    assert FailsOnceBackend.failures_left == 0, "the first send did fail"
    assert [m.to for m in mail.outbox] == [[listing.author.email]]


@pytest.mark.django_db
def test_a_failed_send_records_nothing_so_the_next_run_sends(fails_once):
    message = _message()
    with pytest.raises(OSError):
        services.message_notify(message_id=message.pk)
    assert mail.outbox == []
    assert Conversation.objects.get().author_notified_at is None  # the claim was rolled back
    assert services.message_notify(message_id=message.pk) is True
    assert services.message_notify(message_id=message.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_two_runs_of_the_task_deliver_one_email():
    message = _message()
    tasks.notify_new_message.delay(message.pk)
    tasks.notify_new_message.delay(message.pk)
    assert [m.to for m in mail.outbox] == [[message.conversation.listing.author.email]]


@pytest.mark.django_db
def test_a_task_queued_under_the_old_listings_name_still_sends():
    message = _message()
    assert listing_tasks.notify_new_message.name == "listings.tasks.notify_new_message"
    row = OutboxTask.objects.create(task_name="listings.tasks.notify_new_message", args=[message.pk], kwargs={})
    OutboxTask.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert outbox_flush() == 1
    assert [m.to for m in mail.outbox] == [[message.conversation.listing.author.email]]
    listing_tasks.notify_new_message.delay(message.pk)  # and it shares the hourly slot
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_no_email_when_the_recipient_already_read_it():
    message = _message()
    services.conversation_mark_read(conversation=message.conversation, user=message.conversation.listing.author)
    assert services.message_notify(message_id=message.pk) is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_no_email_within_the_hour_then_one_after():
    message = _message()
    assert services.message_notify(message_id=message.pk) is True
    second = services.message_send(conversation=message.conversation, sender=message.sender, body="Encore moi")
    assert services.message_notify(message_id=second.pk) is False
    Conversation.objects.update(author_notified_at=timezone.now() - timedelta(minutes=61))
    assert services.message_notify(message_id=second.pk) is True
    assert len(mail.outbox) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_email(settings):
    """Two workers run the task for the same message at the same moment; the relay is slow, so
    the second arrives while the first is sending. It waits for the row lock and then sees the
    slot taken."""
    settings.EMAIL_BACKEND = "messaging.tests.backends.SlowBackend"
    message = _message()
    results, barrier = [], threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(services.message_notify(message_id=message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1
