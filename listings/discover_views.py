"""The page that explains the annonces to newcomers: what they are, the kinds of sharing, who may
join and how. Public (the login wall sends anonymous visitors of « Annonces » here), so it shows
the category names, as the public API does, and never an annonce, an author or a count."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from . import selectors
from .models import Family


def _next_url(request) -> str:
    """Where login and sign-up come back to: the members-only page the visitor was going to."""
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("listings:list")


@require_GET
def discover(request):
    categories = list(selectors.categories_active())
    families = [
        {"value": value, "label": label, "categories": [c for c in categories if c.family == value]}
        for value, label in Family.choices
    ]
    context = {"families": [f for f in families if f["categories"]], "next": _next_url(request)}
    return render(request, "listings/discover.html", context)
