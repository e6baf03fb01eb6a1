"""Demo accounts and roster for `manage.py seed_demo`. Idempotent: running it twice changes nothing."""

from django.utils import timezone

from .models import RosterEntry, User, VerificationStatus

DEMO_PASSWORD = "club-demo-2026"  # noqa: S105 - documented demo accounts, refused when DEBUG is off

ROSTER = [
    # number, last name, postcode; the first two are claimed by the demo members below.
    ("S1000001", "Martin", "75011"),
    ("S1000002", "Lefèvre-Dupont", "69003"),
    ("S1000003", "Nguyen", "44000"),
    ("S1000004", "Bernard", "33000"),
    ("S1000005", "Petit", "59000"),
    ("S1000006", "Durand", "93100"),
    ("S1000007", "Moreau", "92130"),
    ("S1000008", "Girard", "75020"),
]

ACCOUNTS = [
    # e-mail, display name, is staff, roster number that verifies it (None: not verified)
    ("staff@club.example", "Équipe du Club", True, None),
    ("membre@club.example", "Claire M.", False, "S1000001"),
    ("nouveau@club.example", "Nicolas N.", False, None),
]


def seed_members() -> dict[str, User]:
    from allauth.account.models import EmailAddress

    entries = {}
    for number, last_name, postcode in ROSTER:
        entries[number], _ = RosterEntry.objects.get_or_create(
            number=number, defaults={"last_name": last_name, "postcode": postcode}
        )
    users = {}
    for email, display_name, is_staff, number in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, is_staff=is_staff, is_superuser=is_staff)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        profile = user.profile
        profile.display_name = profile.display_name or display_name
        if number and not profile.is_verified:
            entry = entries[number]
            profile.verification_status = VerificationStatus.VERIFIED
            profile.verification_decided_at = timezone.now()
            profile.roster_entry = entry
            profile.societaire_number = entry.number
            profile.submitted_last_name = entry.last_name
            profile.postcode = profile.submitted_postcode = entry.postcode
            profile.city = "Paris"
        profile.save()
        users[email] = user
    return users
