"""reverse() for an address a page writes many times with only the id changing (an annonce's, on
each of twenty result cards and their map markers): resolved once per name, language, URL conf
and script prefix, then the id is put in. Django's reverse() walks the resolver every time
(about a hundred calls each)."""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

_PLACEHOLDER = 2_147_483_647  # an id no table reaches; digits only, as every <int:pk> accepts
_halves: dict[tuple, tuple[str, str]] = {}


def reverse_pk(viewname: str, pk: int) -> str:
    """reverse(viewname, args=[pk]) for a URL whose only argument is an integer id."""
    key = (viewname, get_language(), get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    halves = _halves.get(key)
    if halves is None:
        before, _, after = reverse(viewname, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
        halves = _halves[key] = (before, after)
    return f"{halves[0]}{int(pk)}{halves[1]}"
