"""The login wall: the one place that says who may see annonces.

Pages use `verified_member_required` (functions) or `VerifiedMemberRequiredMixin` (classes); the
API uses `IsVerifiedMember`. Anonymous visitors go to the login page, logged-in people who are not
verified sociétaires go to the verification page; both come back to where they were going. A page
may send anonymous visitors somewhere else first (`anonymous_url`): « Annonces » sends them to the
page that explains the annonces, whose login and sign-up buttons come back to it."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from rest_framework.permissions import BasePermission


def is_verified_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_verified_member)


def _refuse(request, anonymous_url: str | None = None):
    if not request.user.is_authenticated:
        if anonymous_url:
            return redirect(reverse(anonymous_url) + "?" + urlencode({"next": request.get_full_path()}))
        return redirect_to_login(request.get_full_path())
    url = reverse("members:verification") + "?" + urlencode({"next": request.get_full_path()})
    return redirect(url)


def verified_member_required(view=None, *, anonymous_url: str | None = None):
    """`@verified_member_required`, or `@verified_member_required(anonymous_url="…")` to send
    anonymous visitors to that page (a URL name) rather than to the login page."""
    if view is None:
        return lambda view: verified_member_required(view, anonymous_url=anonymous_url)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_verified_member(request.user):
            return _refuse(request, anonymous_url)
        return view(request, *args, **kwargs)

    return wrapped


class VerifiedMemberRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_verified_member(request.user):
            return _refuse(request)
        return super().dispatch(request, *args, **kwargs)


class IsVerifiedMember(BasePermission):
    """Anonymous → 401 (with an authentication class that sends a challenge), unverified → 403."""

    message = "Réservé aux sociétaires vérifiés."

    def has_permission(self, request, view):
        return is_verified_member(request.user)
