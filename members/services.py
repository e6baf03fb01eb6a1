"""Writes about members that carry a rule: verification against the roster and staff decisions."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from club.queue import enqueue_after_commit

from .models import MemberProfile, RosterEntry, VerificationStatus
from .names import normalize_name, normalize_number, normalize_postcode
from .tasks import send_verification_decision


def _notify_decision(profile: MemberProfile) -> None:
    enqueue_after_commit(send_verification_decision, profile.pk)


def _matching_free_roster_entry(*, number: str, last_name: str, postcode: str) -> RosterEntry | None:
    """The active roster row these details match, locked, if no other account has claimed it."""
    entry = RosterEntry.objects.select_for_update().filter(number=normalize_number(number), active=True).first()
    if entry is None:
        return None
    if entry.last_name_normalized != normalize_name(last_name):
        return None
    if entry.postcode != normalize_postcode(postcode):
        return None
    if MemberProfile.objects.filter(roster_entry=entry).exists():
        return None
    return entry


@transaction.atomic
def verification_submit(*, profile: MemberProfile, number: str, last_name: str, postcode: str) -> MemberProfile:
    """A person asks to be recognised as a sociétaire.

    A match with an active, unclaimed roster row verifies at once (case, accents and spaces in
    the name are ignored); anything else goes to pending review by staff. Takes a row lock on the
    roster row, so two accounts racing for one row cannot both win; the one-to-one column is the
    last guard. Rate limiting is the caller's job (it needs the request)."""
    profile = MemberProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.is_verified:
        return profile
    now = timezone.now()
    profile.societaire_number = normalize_number(number)
    profile.submitted_last_name = last_name.strip()
    profile.submitted_postcode = normalize_postcode(postcode)
    profile.verification_submitted_at = now
    profile.rejection_reason = ""
    entry = _matching_free_roster_entry(number=number, last_name=last_name, postcode=postcode)
    if entry is not None:
        profile.verification_status = VerificationStatus.VERIFIED
        profile.verification_decided_at = now
        profile.verification_decided_by = None
        profile.roster_entry = entry
        if not profile.postcode:
            profile.postcode = entry.postcode
    else:
        profile.verification_status = VerificationStatus.PENDING
        profile.verification_decided_at = None
        profile.verification_decided_by = None
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        # Another account claimed the row between our check and our write.
        profile.verification_status = VerificationStatus.PENDING
        profile.verification_decided_at = None
        profile.roster_entry = None
        profile.save()
    return profile


@transaction.atomic
def verification_approve(*, profile: MemberProfile, by) -> bool:
    """Staff approve a pending (or rejected) member. Links the roster row matching the submitted
    number when it is free. Refuses (returns False) when that row already verifies another
    account: one sociétaire, one account. The member is e-mailed after commit."""
    profile = MemberProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.is_verified:
        return True
    entry = (
        RosterEntry.objects.select_for_update().filter(number=profile.societaire_number).first()
        if profile.societaire_number
        else None
    )
    if entry is not None and MemberProfile.objects.filter(roster_entry=entry).exclude(pk=profile.pk).exists():
        return False
    profile.verification_status = VerificationStatus.VERIFIED
    profile.verification_decided_at = timezone.now()
    profile.verification_decided_by = by
    profile.rejection_reason = ""
    profile.roster_entry = entry
    profile.save()
    _notify_decision(profile)
    return True


@transaction.atomic
def verification_reject(*, profile: MemberProfile, by, reason: str = "") -> None:
    """Staff reject a member's request. They may ask again; the member is e-mailed after commit."""
    profile = MemberProfile.objects.select_for_update().get(pk=profile.pk)
    profile.verification_status = VerificationStatus.REJECTED
    profile.verification_decided_at = timezone.now()
    profile.verification_decided_by = by
    profile.rejection_reason = reason
    profile.roster_entry = None
    profile.save()
    _notify_decision(profile)


def profile_update(
    *, profile: MemberProfile, display_name: str, postcode: str, city: str, language: str | None = None
) -> MemberProfile:
    """A member changes their profile; `language` (that of the club's e-mails) stays as it was
    when not given."""
    profile.display_name = display_name.strip()
    profile.postcode = normalize_postcode(postcode)
    profile.city = city.strip()
    if language is not None:
        profile.language = language
    profile.save(update_fields=["display_name", "postcode", "city", "language"])
    return profile
