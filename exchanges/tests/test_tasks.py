"""Beat tasks: a reminder the day before the start and on the return day, each once only, even when a
send fails; requests expire."""

import datetime as dt

import pytest
from django.core.mail.backends.locmem import EmailBackend

from exchanges.models import Exchange, ExchangeStatus, day_start
from exchanges.tasks import expire_exchanges, send_exchange_reminders
from exchanges.tests.factories import ExchangeFactory, in_days

pytestmark = pytest.mark.django_db


class FailingOnceBackend(EmailBackend):
    """An SMTP server that is down for the first message, then back."""

    failures = 1

    def send_messages(self, messages):
        if FailingOnceBackend.failures:
            FailingOnceBackend.failures -= 1
            raise OSError("connection refused")
        return super().send_messages(messages)


def accepted(first, last):
    return ExchangeFactory(
        status=ExchangeStatus.ACCEPTED, start=day_start(first), end=day_start(last + dt.timedelta(1))
    )


def noon(day):
    return (day_start(day) + dt.timedelta(hours=12)).isoformat()


def test_the_day_before_the_start_both_sides_are_reminded_once(mailoutbox):
    exchange = accepted(in_days(5), in_days(7))
    assert send_exchange_reminders(noon(in_days(3))) == 0  # two days before: not yet
    assert send_exchange_reminders(noon(in_days(4))) == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted([exchange.provider.email, exchange.receiver.email])
    assert all("demain" in m.subject for m in mailoutbox)
    assert send_exchange_reminders(noon(in_days(4))) == 0
    assert len(mailoutbox) == 2


def test_on_the_return_day_both_sides_are_reminded_once(mailoutbox):
    exchange = accepted(in_days(5), in_days(7))
    Exchange.objects.filter(pk=exchange.pk).update(start_reminded_at=day_start(in_days(4)))
    assert send_exchange_reminders(noon(in_days(6))) == 0
    assert send_exchange_reminders(noon(in_days(7))) == 1
    assert send_exchange_reminders(noon(in_days(7))) == 0
    assert len(mailoutbox) == 2 and all("retour" in m.subject for m in mailoutbox)


def test_a_reminder_that_fails_to_send_is_sent_at_the_next_run(settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    FailingOnceBackend.failures = 1
    accepted(in_days(5), in_days(7))
    with pytest.raises(OSError):
        send_exchange_reminders(noon(in_days(4)))
    assert Exchange.objects.get().start_reminded_at is None
    assert send_exchange_reminders(noon(in_days(4))) == 1
    assert send_exchange_reminders(noon(in_days(4))) == 0


def test_no_reminder_for_an_exchange_that_is_not_accepted(mailoutbox):
    for status in (ExchangeStatus.REQUESTED, ExchangeStatus.CANCELLED, ExchangeStatus.DECLINED):
        ExchangeFactory(status=status, start=day_start(in_days(5)), end=day_start(in_days(6)))
    assert send_exchange_reminders(noon(in_days(4))) == 0
    assert mailoutbox == []


def test_expiry_task_expires_unanswered_requests(settings):
    ExchangeFactory(created_at=day_start(in_days(-10)))
    assert expire_exchanges() == 1
    assert Exchange.objects.get().status == ExchangeStatus.EXPIRED
