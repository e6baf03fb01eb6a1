"""The versions (club/versions.py) of what the annonce's page caches from the exchanges: the
calendar of an annonce (its accepted or completed exchanges, its blocked days) and the number of
exchanges a member completed (the author card). Moved by the post_save/post_delete signals of
Exchange and BlockedPeriod — cascades included — so no service can forget one; the few bulk
updates of exchanges (members' erasure, exchanges/privacy.py) bump by hand."""

from club import versions


def listing_name(listing_id: int) -> str:
    return f"exchanges:listing:{listing_id}"


def member_name(user_id: int) -> str:
    return f"exchanges:member:{user_id}"


def bump_members(*user_ids) -> None:
    versions.bump(*(member_name(pk) for pk in user_ids if pk))


def _exchange_changed(sender, instance, **kwargs):
    versions.bump(listing_name(instance.listing_id))
    bump_members(instance.provider_id, instance.receiver_id)


def _period_changed(sender, instance, **kwargs):
    versions.bump(listing_name(instance.listing_id))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import BlockedPeriod, Exchange

    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_exchange_changed, sender=Exchange, dispatch_uid=f"versions-exchange-{name}")
        signal.connect(_period_changed, sender=BlockedPeriod, dispatch_uid=f"versions-period-{name}")
