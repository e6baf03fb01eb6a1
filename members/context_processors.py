from .wall import is_verified_member


def membership(request):
    """Lets every template know whether to show the members' side of the navigation."""
    return {"is_verified_member": is_verified_member(getattr(request, "user", None))}
