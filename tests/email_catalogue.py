"""Every e-mail the club sends, produced by the real sending code (the tasks, allauth through the
adapter) with the words people type given by the caller: the escaping test fills every field with
quotes and angle brackets, the browser test with a realistic French member's words.

`every_email(words)` returns {kind: EmailMessage}. Call it inside a test with database access."""

import datetime as dt
from dataclasses import dataclass

from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from events import tasks as event_tasks
from events.models import Booking, BookingStatus
from events.tests.factories import EventFactory
from exchanges import tasks as exchange_tasks
from exchanges.models import ExchangeStatus, day_start
from exchanges.tests.factories import ExchangeFactory, in_days, loan_listing
from listings import tasks as listing_tasks
from listings.models import Status
from members import tasks as member_tasks
from members.models import VerificationStatus
from members.tests.factories import UserFactory, VerifiedMemberFactory
from messaging import services as messaging_services
from messaging.models import Conversation, Message
from venue.tests.factories import RoomFactory, VenueFactory


@dataclass
class Words:
    """What people type, field by field."""

    event_title: str = "Atelier « Répar'café » & couture"
    booking_name: str = "Claire Dubois"
    needs: str = "Fauteuil roulant, j'arrive avec mon aidant"
    lender: str = "Hélène M."
    borrower: str = "Jean-Pierre D."
    listing_title: str = "Perceuse à percussion Bosch & son coffret"
    reason: str = "Désolé, j'ai un empêchement : je pars demain"
    note: str = "Chez moi, 3e étage, l'interphone « Martin »"
    message: str = "Bonjour Hélène, j'aimerais l'emprunter samedi & dimanche si c'est possible. Merci !"
    rejection: str = "Le numéro de sociétaire ne correspond pas à votre nom"
    room: str = "Salle de l'Atelier"


def _one(send) -> mail.EmailMessage:
    before = len(mail.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        send()
    sent = mail.outbox[before:]
    assert len(sent) == 1, [message.subject for message in sent]
    return sent[0]


def _booking_emails(words: Words) -> dict:
    venue = VenueFactory()
    event = EventFactory(
        title=words.event_title,
        room=RoomFactory(venue=venue, name=words.room),
        capacity=10,
        seats_confirmed=8,
        starts_at=(timezone.now() + dt.timedelta(days=7)).replace(hour=18, minute=30, second=0, microsecond=0),
    )
    booking = Booking.objects.create(
        event=event,
        name=words.booking_name,
        email="claire@example.org",
        seats=2,
        accessibility_needs=words.needs,
        status=BookingStatus.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    waiting = Booking.objects.create(
        event=event, name=words.booking_name, email="paul@example.org", seats=4, status=BookingStatus.WAITING
    )
    emails = {}
    for kind in ("confirmed", "promoted", "reminder", "event_rescheduled"):
        emails[f"booking_{kind}"] = _one(lambda kind=kind: event_tasks.send_booking_mail(booking.pk, kind))
    emails["booking_waiting"] = _one(lambda: event_tasks.send_booking_mail(waiting.pk, "waiting"))
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    emails["booking_cancelled"] = _one(lambda: event_tasks.send_booking_mail(booking.pk, "cancelled"))
    emails["event_cancelled"] = _one(lambda: event_tasks.send_booking_mail(waiting.pk, "event_cancelled"))
    return emails


def _exchange_emails(words: Words) -> dict:
    lender = VerifiedMemberFactory(display_name=words.lender)
    borrower = VerifiedMemberFactory(display_name=words.borrower)
    listing = loan_listing(author=lender, title=words.listing_title)
    exchange = ExchangeFactory(
        listing=listing,
        initiator=borrower,
        decline_reason=words.reason,
        cancel_reason=words.reason,
        handover_place="other",
        handover_at=day_start(in_days(10)) + dt.timedelta(hours=10),
        handover_note=words.note,
    )
    conversation = Conversation.objects.create(listing=listing, starter=borrower)
    Message.objects.create(conversation=conversation, sender=borrower, body=words.message)
    emails = {}
    to_lender = ("requested", "withdrawn", "handover", "completed")
    for event in (*to_lender, "accepted", "declined", "cancelled", "expired"):
        recipient = lender if event in to_lender else borrower
        emails[f"exchange_{event}"] = _one(
            lambda event=event, recipient=recipient: exchange_tasks.notify_exchange(exchange.pk, event, recipient.pk)
        )
    exchange.status = ExchangeStatus.ACCEPTED
    exchange.save()
    for kind in ("start", "return"):
        send = exchange_tasks._send_reminder(kind)
        before = len(mail.outbox)
        send(exchange)
        emails[f"exchange_reminder_{kind}"] = next(m for m in mail.outbox[before:] if m.to == [borrower.email])
    message = Message.objects.create(conversation=conversation, sender=borrower, body=words.message)
    emails["conversation_new_message"] = _one(lambda: messaging_services.message_notify(message_id=message.pk))
    listing.status = Status.HIDDEN
    listing.save()
    emails["listing_hidden"] = _one(lambda: listing_tasks.notify_listing_hidden(listing.pk))
    emails["listing_restored"] = _one(lambda: listing_tasks.notify_listing_moderation(listing.pk, "restored"))
    emails["listing_extended"] = _one(lambda: listing_tasks.notify_listing_moderation(listing.pk, "extended"))
    listing.expires_at = timezone.now() + dt.timedelta(days=3)
    emails["listing_expiring"] = _one(lambda: listing_tasks._send_expiry_warning(listing))
    return emails


def _member_emails(words: Words) -> dict:
    emails = {}
    verified = VerifiedMemberFactory(display_name=words.borrower)
    emails["verification_verified"] = _one(lambda: member_tasks.send_verification_decision(verified.profile.pk))
    rejected = UserFactory(display_name=words.lender)
    profile = rejected.profile
    profile.verification_status = VerificationStatus.REJECTED
    profile.verification_decided_at = timezone.now()
    profile.rejection_reason = words.rejection
    profile.save()
    emails["verification_rejected"] = _one(lambda: member_tasks.send_verification_decision(profile.pk))
    former = VerifiedMemberFactory(display_name=words.lender).profile
    former.verification_status = VerificationStatus.LAPSED
    former.save()
    emails["membership_lapsed"] = _one(lambda: member_tasks.send_membership_change(former.pk))
    former.verification_status = VerificationStatus.VERIFIED
    former.save()
    emails["membership_restored"] = _one(lambda: member_tasks.send_membership_change(former.pk))
    return emails


def _account_emails(words: Words) -> dict:
    """allauth's own e-mails, through its pages (and so through the club's adapter)."""
    emails = {}
    form = {
        "email": "camille@example.org",
        "password1": "un-Mot-de-passe-solide-42",
        "password2": "un-Mot-de-passe-solide-42",
        "display_name": words.lender,
    }
    emails["account_signup"] = _one(lambda: Client().post(reverse("account_signup"), form))
    member = UserFactory(display_name=words.borrower)
    emails["account_password_reset"] = _one(
        lambda: Client().post(reverse("account_reset_password"), {"email": member.email})
    )
    return emails


def _proposal_emails(words: Words) -> dict:
    """The staff's answers to a proposal, and the early e-mail once its event is published."""
    from community import proposals
    from community import tasks as community_tasks
    from community.tests.factories import ProposalFactory
    from events.services import event_publish

    proposal = ProposalFactory(
        title=words.event_title, proposer=VerifiedMemberFactory(display_name=words.lender), needs=words.needs
    )
    proposal.staff_message = words.reason
    proposal.save()
    emails = {
        f"proposal_{kind}": _one(lambda kind=kind: community_tasks.notify_proposal_decision(proposal.pk, kind))
        for kind in ("question", "declined", "accepted")
    }
    event = proposals.proposal_accept(proposal=proposal, by=UserFactory(is_staff=True))
    event_publish(event=event)  # the early access: the e-mail says until when
    emails["proposal_event"] = _one(lambda: community_tasks.notify_proposal_event(proposal.pk))
    return emails


FAMILIES = {
    "bookings": _booking_emails,
    "proposals": _proposal_emails,
    "exchanges and annonces": _exchange_emails,
    "verification": _member_emails,
    "account (allauth)": _account_emails,
}


def every_email(words: Words | None = None) -> dict:
    words = words or Words()
    return {kind: message for family in FAMILIES.values() for kind, message in family(words).items()}


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")
