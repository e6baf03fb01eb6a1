"""A real Celery worker consumes the verification e-mail task through the real Redis."""

import pytest
from django.core import mail

from members.services import verification_approve, verification_submit
from members.tests.factories import UserFactory


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_verification_email_after_commit(celery_worker, staff):
    import time

    member = UserFactory()
    verification_submit(profile=member.profile, number="Z1", last_name="Nobody", postcode="75001")
    verification_approve(profile=member.profile, by=staff)
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "vérifiée" in mail.outbox[0].subject
