"""A member's right to their data: download everything as JSON, or delete the account.

Each app that keeps personal data has a `privacy` module with `export(user) -> dict` and
`erase(user) -> None`; they are listed in PRIVACY_MODULES, in the order erasure must run."""

from importlib import import_module

from django.db import transaction
from django.utils import timezone

from .models import User

# Listings first: deleting an annonce takes its conversations and reports with it, so the
# stand-in account of messaging.privacy only receives what survives (messages on other members'
# annonces).
PRIVACY_MODULES: list[str] = [
    "listings.privacy",
    "messaging.privacy",
    "exchanges.privacy",
    "events.privacy",
    "insights.privacy",
]


def _modules():
    return [import_module(path) for path in PRIVACY_MODULES]


def account_export(*, user: User) -> dict:
    """Everything the club keeps about `user`, as JSON-serialisable data."""
    profile = user.profile
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
        },
        "profile": {
            "display_name": profile.display_name,
            "postcode": profile.postcode,
            "city": profile.city,
            "societaire_number": profile.societaire_number,
            "submitted_last_name": profile.submitted_last_name,
            "submitted_postcode": profile.submitted_postcode,
            "verification_status": profile.verification_status,
            "verification_submitted_at": _iso(profile.verification_submitted_at),
            "verification_decided_at": _iso(profile.verification_decided_at),
        },
    }
    for module in _modules():
        data.update(module.export(user))
    return data


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase what each app keeps (as the privacy notice says: removed or anonymised), then the
    account and its profile. The roster row it had claimed can be claimed again."""
    for module in _modules():
        module.erase(user)
    user.delete()


def _iso(value):
    return value.isoformat() if value else None
