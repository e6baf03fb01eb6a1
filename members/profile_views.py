"""A member's public profile, for other verified members: « sociétaire vérifié », member since,
exchanges completed on each side and the revealed reviews received. Never an e-mail address,
a postcode or anything of the membership itself."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from exchanges.selectors import member_record

from .models import User
from .wall import verified_member_required


def access_member(viewer, pk) -> User:
    """An active, verified member's account; 404 for unknown, inactive or unverified ones."""
    member = User.objects.select_related("profile").filter(pk=pk, is_active=True).first()
    if member is None or not member.profile.is_verified:
        raise Http404
    return member


@verified_member_required
@require_GET
def member_profile(request, pk):
    member = access_member(request.user, pk)
    record = member_record(member)
    return render(
        request,
        "members/profile.html",
        {"member": member, "record": record, "is_me": member.pk == request.user.pk},
    )
