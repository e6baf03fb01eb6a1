import datetime as dt
import json

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def jsonld(value) -> str:
    """A dict as JSON safe to put inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308 - escaped above


@register.simple_tag
def event_when(event) -> str:
    """« samedi 12 décembre, 19 h 00 – 21 h 00 » or « du 3 décembre au 15 janvier ».

    An evening that runs past midnight (less than a day long) keeps its hours: « samedi 12 décembre,
    22 h 30 – 01 h 00 », not « du 12 décembre au 13 décembre », which would hide when it starts."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    if start.date() == end.date() or end - start < dt.timedelta(days=1):
        return _("%(day)s, %(start)s – %(end)s") % {
            "day": date_filter(start, "l j F Y"),
            "start": date_filter(start, "H:i"),
            "end": date_filter(end, "H:i"),
        }
    same_year = start.year == end.year
    return _("du %(start)s au %(end)s") % {
        "start": date_filter(start, "j F" if same_year else "j F Y"),
        "end": date_filter(end, "j F Y"),
    }


@register.inclusion_tag("events/_places.html")
def places_badge(event):
    return {"event": event}
