from members.wall import is_verified_member


def inbox(request):
    """`unread_messages` for the navigation, computed only if a template shows it (templates call
    callables), from club.badges' cache."""
    user = getattr(request, "user", None)
    if not is_verified_member(user):
        return {}

    def unread_messages():
        from club.badges import member_badges

        return member_badges(user)["unread"]

    return {"unread_messages": unread_messages}
