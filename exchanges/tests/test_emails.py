"""Every exchange e-mail, sent through the services and tasks, with the characters people type
(apostrophes, ampersands, quotes, angle brackets) in every field they fill: the plain text keeps
them verbatim, the acceptance carries the mutual's cover, and each says why it is received."""

import datetime as dt

import pytest
from django.utils import timezone

from exchanges import services, tasks
from exchanges.models import day_start
from exchanges.tests.factories import in_days, loan_listing
from listings.tests.factories import category
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db

TITLE = "L'outil \"pro\" & <Bosch> d'Hélène"
LENDER = 'Hélène & "Lou" <L\'Ainée>'
BORROWER = 'Jean-Pierre d\'Arc <"JP"> & fils'
REASON = 'Désolé, j\'ai un "empêchement" & je pars <demain>'
NOTE = 'Chez Zoé & Max, l\'interphone "B" <2e étage>'
COVER_URL = "https://mutuelle.example/garanties?type=pret&lang=fr"
ESCAPES = ["&#x27;", "&#39;", "&amp;", "&quot;", "&lt;", "&gt;"]
WHY = "Vous recevez cet e-mail parce que vous faites partie de cet échange"


@pytest.fixture
def people():
    loans = category("pret-objets")
    loans.cover_url = COVER_URL
    loans.save()
    lender = VerifiedMemberFactory(display_name=LENDER)
    borrower = VerifiedMemberFactory(display_name=BORROWER)
    listing = loan_listing(author=lender, title=TITLE)
    return listing, lender, borrower


@pytest.fixture
def run(django_capture_on_commit_callbacks, mailoutbox):
    """run(fn) calls a service, lets its e-mails go after commit, and returns the new exchange e-mails."""

    def call(fn, **kwargs):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            fn(**kwargs)
        return [mail for mail in mailoutbox[before:] if "Échange n° ECH-" in mail.body]

    return call


def check(mail, *, to, says=(), names=(LENDER, BORROWER)):
    text = mail.subject + "\n" + mail.body
    assert mail.to == [to.email]
    assert TITLE in mail.subject and TITLE in mail.body
    for escaped in ESCAPES:
        assert escaped not in text, f"{escaped} in {mail.subject!r}:\n{mail.body}"
    recipient = LENDER if to.profile.display_name == LENDER else BORROWER
    assert recipient in mail.body  # « Bonjour … »
    for name in names:
        if name != recipient:
            assert name in text
    for words in says:
        assert words in mail.body, f"{words!r} missing from:\n{mail.body}"
    assert WHY in mail.body
    assert "/echanges/" in mail.body  # the exchange's page


def ask(listing, borrower, first=10, last=12):
    return services.exchange_request(
        listing=listing, initiator=borrower, start=in_days(first), end=in_days(last), message="Bonjour & merci !"
    )


def test_request_accept_handover_complete_and_reminders(people, run):
    listing, lender, borrower = people
    holder = {}
    [mail] = run(lambda: holder.setdefault("exchange", ask(listing, borrower)))
    exchange = holder["exchange"]
    check(mail, to=lender, says=["Acceptez ou refusez", "expire"])

    [mail] = run(services.exchange_accept, exchange=exchange, by=lender)
    check(mail, to=borrower, says=["accepté", listing.category.cover_text, COVER_URL, exchange.number])

    [mail] = run(services.exchange_set_handover, exchange=exchange, by=borrower, place="other", note=NOTE)
    check(mail, to=lender, says=[NOTE])

    start_eve = (day_start(in_days(9)) + dt.timedelta(hours=10)).isoformat()
    mails = run(tasks.send_exchange_reminders, now_iso=start_eve)
    assert sorted(m.to[0] for m in mails) == sorted([lender.email, borrower.email])
    for mail in mails:
        check(mail, to=lender if mail.to == [lender.email] else borrower, says=["demain", NOTE])
    assert run(tasks.send_exchange_reminders, now_iso=start_eve) == []  # once only

    return_day = (day_start(in_days(12)) + dt.timedelta(hours=9)).isoformat()
    mails = run(tasks.send_exchange_reminders, now_iso=return_day)
    assert len(mails) == 2
    for mail in mails:
        check(mail, to=lender if mail.to == [lender.email] else borrower, says=["retour"])

    later = timezone.now() + dt.timedelta(days=11)
    [mail] = run(services.exchange_complete, exchange=exchange, by=borrower, now=later)
    check(mail, to=lender, says=["terminé", "avis"])


def test_decline_withdraw_cancel_and_expire(people, run, settings):
    listing, lender, borrower = people
    [mail] = run(services.exchange_decline, exchange=ask(listing, borrower), by=lender, reason=REASON)
    check(mail, to=borrower, says=[REASON])

    [mail] = run(services.exchange_withdraw, exchange=ask(listing, borrower, 20, 21), by=borrower)
    check(mail, to=lender, says=["retiré"])

    accepted = ask(listing, borrower, 30, 31)
    run(services.exchange_accept, exchange=accepted, by=lender)
    [mail] = run(services.exchange_cancel, exchange=accepted, by=lender, reason=REASON)
    check(mail, to=borrower, says=[REASON, "annulé"])

    ask(listing, borrower, 40, 41)
    later = timezone.now() + settings.EXCHANGE_REQUEST_TTL + dt.timedelta(hours=1)
    [mail] = run(services.exchanges_expire, now=later)
    check(mail, to=borrower, says=["expiré"])


def test_a_request_that_another_acceptance_declines_says_why(people, run):
    listing, lender, borrower = people
    first = ask(listing, borrower)
    other = ask(listing, VerifiedMemberFactory(display_name="Zoé"), 11, 13)
    mails = run(services.exchange_accept, exchange=first, by=lender)
    [notice] = [m for m in mails if m.to == [other.initiator.email]]
    assert "accordées à un autre membre" in notice.body and WHY in notice.body


def test_the_requests_message_rides_in_the_request_e_mail_verbatim(
    people, django_capture_on_commit_callbacks, mailoutbox
):
    listing, lender, borrower = people
    with django_capture_on_commit_callbacks(execute=True):
        services.exchange_request(listing=listing, initiator=borrower, start=in_days(3), end=in_days(4), message=REASON)
    [mail] = mailoutbox  # one e-mail, not a second « nouveau message » one
    check(mail, to=lender, says=[f"« {REASON} »"])
