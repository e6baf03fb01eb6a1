"""A worker killed in the middle of sending an e-mail: the task is redelivered (acks_late) to the
next worker, and the e-mail arrives once."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from club.celery import app
from members.models import VerificationStatus
from members.tasks import send_verification_decision
from members.tests.factories import UserFactory


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def start_worker(env):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "club",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_delivers_the_email_once_when_a_worker_comes_back(tmp_path):
    member = UserFactory()
    member.profile.verification_status = VerificationStatus.VERIFIED
    member.profile.verification_decided_at = timezone.now()
    member.profile.save()
    marks, mail_dir = tmp_path / "marks", tmp_path / "mail"
    marks.mkdir()
    mail_dir.mkdir()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_VISIBILITY_TIMEOUT": "2",  # redeliver an unacknowledged task after 2 s
        "WORKER_MARKS": str(marks),
        "WORKER_MAIL_DIR": str(mail_dir),
    }
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
        # And no task left unacknowledged by an earlier run, which a worker would restore here.
        channel = conn.default_channel
        channel.client.delete(channel.unacked_key, channel.unacked_index_key)
    (marks / "hold").touch()
    first = start_worker(env)
    try:
        send_verification_decision.delay(member.profile.pk)
        assert wait_for(lambda: (marks / "sending").exists()), "the first worker never started sending"
        first.send_signal(signal.SIGKILL)  # dies in the middle of the send
        first.wait(timeout=10)
    finally:
        app.conf.task_always_eager = True
        if first.poll() is None:
            first.kill()
    assert not any(mail_dir.iterdir())
    (marks / "hold").unlink()
    # A worker restores the unacknowledged tasks whose visibility timeout has passed when it starts
    # polling (then only every few rounds): let the timeout pass first, whatever the machine's speed.
    time.sleep(3)
    second = start_worker(env)
    try:
        assert wait_for(lambda: any(mail_dir.iterdir()), seconds=40), "the task was not redelivered"
        time.sleep(3)  # longer than the visibility timeout: a second delivery would show now
    finally:
        second.terminate()
        second.wait(timeout=20)
    written = "".join(path.read_text() for path in mail_dir.iterdir())
    assert written.count(f"To: {member.email}") == 1
