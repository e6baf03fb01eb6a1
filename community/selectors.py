"""Reads about groups that carry a rule: who may read a group's posts and members, what the
listing of groups shows, what a group page shows."""

from django.db.models import Count, Prefetch, Q, QuerySet

from listings.selectors import listings_visible_to
from members.wall import is_verified_member

from .models import Access, Group, Membership, MembershipStatus, Post, PostReport, ReportStatus, Role


def membership_of(user, group) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(group=group, user=user).first()


def group_can_read(user, group, membership: Membership | None = None) -> bool:
    """Posts and members: every verified member when the group is open, its active members only
    when it is on approval; staff always; anonymous visitors and unverified accounts never. A
    suspended group is read by staff only."""
    if not is_verified_member(user):
        return bool(user and user.is_authenticated and user.is_staff)
    if user.is_staff:
        return True
    if group.is_suspended:
        return False
    if group.access == Access.OPEN:
        return True
    membership = membership if membership is not None else membership_of(user, group)
    return bool(membership and membership.is_active)


def group_is_admin(user, group, membership: Membership | None = None) -> bool:
    membership = membership if membership is not None else membership_of(user, group)
    return bool(membership and membership.is_admin and not group.is_suspended)


def groups_listed(user, *, q: str = "", place: str = "") -> QuerySet[Group]:
    """The listing: groups that are not suspended, searched by name and place (contains, any
    case), with their number of members (shown for open groups and to members only)."""
    queryset = Group.objects.filter(suspended_at__isnull=True)
    if q:
        queryset = queryset.filter(name__icontains=q)
    if place:
        queryset = queryset.filter(place__icontains=place)
    mine = Membership.objects.filter(user=user)
    return (
        queryset.annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)),
        )
        .prefetch_related(Prefetch("memberships", queryset=mine, to_attr="my_memberships"))
        .order_by("name", "pk")
    )


def groups_readable_by(user) -> QuerySet[Group]:
    """Groups whose posts `user` may read (see group_can_read)."""
    if not is_verified_member(user):
        return Group.objects.all() if user.is_authenticated and user.is_staff else Group.objects.none()
    if user.is_staff:
        return Group.objects.all()
    return Group.objects.filter(suspended_at__isnull=True).filter(
        Q(access=Access.OPEN) | Q(memberships__user=user, memberships__status=MembershipStatus.ACTIVE)
    )


def groups_of(user) -> QuerySet[Group]:
    """The groups `user` is an active member of (for sharing an annonce)."""
    return Group.objects.filter(
        suspended_at__isnull=True, memberships__user=user, memberships__status=MembershipStatus.ACTIVE
    )


def group_members(group) -> QuerySet[Membership]:
    return group.memberships.filter(status=MembershipStatus.ACTIVE).select_related("user__profile")


def group_pending(group) -> QuerySet[Membership]:
    return group.memberships.filter(status=MembershipStatus.PENDING).select_related("user__profile")


def group_admins(group) -> QuerySet[Membership]:
    return group_members(group).filter(role=Role.ADMIN)


def group_posts(group) -> QuerySet[Post]:
    """Messages of the group, pinned first then newest, each with its replies (oldest first).
    Removed messages and replies are left out."""
    replies = Post.objects.filter(removed_at__isnull=True).select_related("author__profile").order_by("created_at")
    return (
        group.posts.filter(parent__isnull=True, removed_at__isnull=True)
        .select_related("author__profile")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="reply_list"))
        .order_by("-pinned", "-created_at")
    )


def group_listings(group, *, user):
    """Annonces shared with the group that `user` may see in search (listings_visible_to)."""
    return listings_visible_to(user).filter(group_shares__group=group).order_by("-group_shares__created_at")


def listings_shareable(group, *, user):
    """The member's own published annonces not yet shared with this group."""
    return listings_visible_to(user).filter(author=user).exclude(group_shares__group=group)


def group_reports_to_decide(group, *, user) -> QuerySet[PostReport]:
    """Open reports on the group's messages still shown, for its admins to decide, oldest first.
    Reports on the admin's own messages are left to staff (nobody judges their own message)."""
    return (
        PostReport.objects.filter(post__group=group, post__removed_at__isnull=True, status=ReportStatus.OPEN)
        .exclude(post__author=user)
        .select_related("post__author__profile")
        .order_by("created_at", "pk")
    )


def listing_groups_for_author(listing, *, user) -> list[Group]:
    """The groups `user` belongs to, each with `shared` (whether `listing` is shared with it), for
    the « Partager avec mes groupes » control of their own annonce."""
    shared = set(listing.group_shares.values_list("group_id", flat=True))
    groups = list(groups_of(user).order_by("name", "pk"))
    for group in groups:
        group.shared = group.pk in shared
    return groups
