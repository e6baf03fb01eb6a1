"""A sociétaire who leaves the insurer leaves the club's members-only side, and comes back with
their roster row. The roster import calls these; nothing else changes a verified member into a
former one."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from club.queue import enqueue_after_commit

from .models import MemberProfile, MembershipEvent, VerificationStatus
from .tasks import send_membership_change, send_verification_decision


def profiles_claiming(entry_ids: list[int]) -> list[int]:
    if not entry_ids:
        return []
    return list(MemberProfile.objects.filter(roster_entry_id__in=entry_ids).values_list("pk", flat=True))


def _close_pending_exchanges(user) -> None:
    from exchanges.models import Exchange, ExchangeStatus
    from exchanges.services import exchange_decline, exchange_withdraw

    pending = Exchange.objects.select_related("listing").filter(status=ExchangeStatus.REQUESTED)
    for exchange in pending.filter(Q(initiator=user) | Q(listing__author=user)):
        if exchange.responder_id == user.pk:
            exchange_decline(exchange=exchange, by=user, reason=_("Ce membre n'a plus accès aux annonces du Club."))
        else:
            exchange_withdraw(exchange=exchange, by=user)


def _pause_published_listings(user) -> None:
    from listings.models import Listing, Status
    from listings.services import listing_change_status

    for listing in Listing.objects.filter(author=user, status=Status.PUBLISHED):
        listing_change_status(listing=listing, action="pause")


@transaction.atomic
def membership_lapse(*, profile_id: int, by=None) -> bool:
    """The member's roster row is no longer active: they lose the verified rights at once, their
    published annonces are paused and their pending exchanges closed (declined when they were
    asked, withdrawn when they asked); they are told by e-mail and the change is in their history.
    Takes a row lock on the profile. Returns False when the member was not verified."""
    profile = MemberProfile.objects.select_for_update().select_related("user").get(pk=profile_id)
    if profile.verification_status != VerificationStatus.VERIFIED:
        return False
    profile.verification_status = VerificationStatus.LAPSED
    profile.verification_decided_at = timezone.now()
    profile.verification_decided_by = by
    profile.save(update_fields=["verification_status", "verification_decided_at", "verification_decided_by"])
    _pause_published_listings(profile.user)
    _close_pending_exchanges(profile.user)
    MembershipEvent.objects.create(profile=profile, kind=MembershipEvent.Kind.LAPSED, by=by)
    enqueue_after_commit(send_membership_change, profile.pk)
    return True


@transaction.atomic
def membership_restore(*, profile_id: int, by=None) -> bool:
    """The member's roster row is active again: their verified rights come back. Their annonces
    stay paused until they resume them. Takes a row lock on the profile. Returns False when the
    member had not lapsed (a rejected or pending account is not verified by the roster)."""
    profile = MemberProfile.objects.select_for_update().get(pk=profile_id)
    if profile.verification_status != VerificationStatus.LAPSED:
        return False
    profile.verification_status = VerificationStatus.VERIFIED
    profile.verification_decided_at = timezone.now()
    profile.verification_decided_by = by
    profile.save(update_fields=["verification_status", "verification_decided_at", "verification_decided_by"])
    MembershipEvent.objects.create(profile=profile, kind=MembershipEvent.Kind.RESTORED, by=by)
    enqueue_after_commit(send_membership_change, profile.pk)
    return True


@transaction.atomic
def membership_revoke(*, profile_id: int, by, reason: str = "") -> bool:
    """Staff withdraw a verification given by mistake (a wrong roster match, a borrowed number):
    the member loses the verified rights like a sociétaire who left, and the roster row is freed
    so that its real sociétaire can claim it. The member is told, with the reason. Takes a row
    lock on the profile. Returns False when the member was not verified."""
    profile = MemberProfile.objects.select_for_update().select_related("user").get(pk=profile_id)
    if profile.verification_status != VerificationStatus.VERIFIED:
        return False
    profile.verification_status = VerificationStatus.REJECTED
    profile.verification_decided_at = timezone.now()
    profile.verification_decided_by = by
    profile.rejection_reason = reason.strip()[:255]
    profile.roster_entry = None
    profile.save()
    _pause_published_listings(profile.user)
    _close_pending_exchanges(profile.user)
    MembershipEvent.objects.create(profile=profile, kind=MembershipEvent.Kind.REVOKED, by=by)
    enqueue_after_commit(send_verification_decision, profile.pk)
    return True
