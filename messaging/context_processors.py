from members.wall import is_verified_member


def inbox(request):
    """`unread_messages` for the navigation, computed only if a template shows it (templates call
    callables), so pages that do not show it pay no query."""
    user = getattr(request, "user", None)
    if not is_verified_member(user):
        return {}

    def unread_messages():
        from .selectors import unread_message_count

        return unread_message_count(user)

    return {"unread_messages": unread_messages}
