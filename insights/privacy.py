"""The days a member was active (ActiveMemberDay, and their months' bits in ActiveMemberMonth,
kept for the staff dashboard's active members) are personal data: a member can download them,
and they go with the account. The other aggregates count annonces, never a member. See
members/privacy.py."""

from .models import ActiveMemberDay, ActiveMemberMonth


def export(user) -> dict:
    days = ActiveMemberDay.objects.filter(member=user).order_by("day").values_list("day", flat=True)
    return {"active_days": [day.isoformat() for day in days]}


def erase(user) -> None:
    ActiveMemberDay.objects.filter(member=user).delete()
    ActiveMemberMonth.objects.filter(member=user).delete()
