"""Small tags of the exchange pages. {% exchanges_awaiting as n %}: how many exchange requests wait
for the member's answer, for the « Échanges » link of the member navigation (club.badges: from
the cache, only on pages that show it)."""

from django import template

from club.badges import member_badges
from members.wall import is_verified_member

register = template.Library()


@register.simple_tag(takes_context=True)
def exchanges_awaiting(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not is_verified_member(user):
        return 0
    return member_badges(user)["awaiting"]


@register.filter
def stars(rating) -> str:
    """★★★★☆ for 4: decoration only (templates mark it aria-hidden and say « 4 sur 5 » in words)."""
    try:
        rating = max(0, min(int(rating), 5))
    except (TypeError, ValueError):
        return ""
    return "★" * rating + "☆" * (5 - rating)
