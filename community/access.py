"""Fetches checked against who asks. Each raises Http404 for what the person may not see, the same
whether it does not exist or is someone else's: an id says nothing."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from . import selectors
from .models import Group, Membership, Post, PostReport


def access_group(user, pk) -> Group:
    """A group's presentation (name, description, place, picture): every verified member while it
    is not suspended, staff always. Callers are behind the wall."""
    group = get_object_or_404(Group.objects.select_related("founder__profile"), pk=pk)
    if group.is_suspended and not user.is_staff:
        raise Http404
    return group


def access_group_content(user, pk) -> Group:
    """A group whose posts and members `user` may read (selectors.group_can_read); otherwise 404."""
    group = access_group(user, pk)
    if not selectors.group_can_read(user, group):
        raise Http404
    return group


def access_group_admin(user, pk) -> Group:
    """A group that `user` administers; otherwise 404."""
    group = access_group(user, pk)
    if not selectors.group_is_admin(user, group):
        raise Http404
    return group


def access_post(user, pk) -> Post:
    """A message (not removed) of a group `user` may read."""
    post = get_object_or_404(Post.objects.select_related("group", "author__profile"), pk=pk, removed_at__isnull=True)
    if post.group.is_suspended and not user.is_staff:
        raise Http404
    if not selectors.group_can_read(user, post.group):
        raise Http404
    return post


def access_membership_to_manage(user, group_pk, pk) -> Membership:
    """A membership of a group that `user` administers."""
    group = access_group_admin(user, group_pk)
    return get_object_or_404(Membership.objects.select_related("user__profile", "group"), group=group, pk=pk)


def access_report_to_decide(user, group_pk, pk) -> PostReport:
    """An open report on a message of a group that `user` administers, not on their own message
    (selectors.group_reports_to_decide); otherwise 404."""
    group = access_group_admin(user, group_pk)
    return get_object_or_404(selectors.group_reports_to_decide(group, user=user).select_related("post__group"), pk=pk)
