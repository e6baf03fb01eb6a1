"""Writes about groups, each with its rule. Keyword-only arguments; e-mails go through tasks
enqueued after commit (club.queue.enqueue_after_commit)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.files import atomic_removing_files, remove_on_failure
from club.queue import enqueue_after_commit
from members.wall import is_verified_member

from . import selectors
from .models import Group, Membership, MembershipStatus, Notify, Post, PostReport, ReportStatus, Role, SharedListing


class GroupError(ValidationError):
    """A rule of groups refused the change; its message is for the member."""


def _require_verified(user) -> None:
    if not is_verified_member(user):
        raise PermissionDenied(_("Réservé aux sociétaires vérifiés."))


@atomic_removing_files()
def group_create(*, founder, name: str, description: str, access: str, place: str = "", picture=None) -> Group:
    """A verified member creates a group; they are its first admin (an active membership with the
    admin role, every-post e-mails). `picture` is a listings.photos.CleanPhoto (checked and
    re-encoded) or None."""
    _require_verified(founder)
    group = Group(
        founder=founder, name=name.strip(), description=description.strip(), access=access, place=place.strip()
    )
    if picture is not None:
        group.picture.save(picture.content.name, picture.content, save=False)
        remove_on_failure(group.picture.storage, group.picture.name)
    group.save()
    Membership.objects.create(
        group=group,
        user=founder,
        role=Role.ADMIN,
        status=MembershipStatus.ACTIVE,
        notify=Notify.EVERY_POST,
        joined_at=timezone.now(),
    )
    return group


@transaction.atomic
def group_update(*, group: Group, by, name: str, description: str, place: str, access: str, picture=None) -> Group:
    """A group's admins change its presentation. Going from « on approval » to « open » lets
    every pending request in."""
    if not selectors.group_is_admin(by, group):
        raise PermissionDenied
    group.name, group.description, group.place, group.access = name.strip(), description.strip(), place.strip(), access
    if picture is not None:
        group.picture.save(picture.content.name, picture.content, save=False)
    group.save()
    if group.is_open:
        group.memberships.filter(status=MembershipStatus.PENDING).update(
            status=MembershipStatus.ACTIVE, joined_at=timezone.now()
        )
    return group


@transaction.atomic
def group_join(*, group: Group, user) -> Membership:
    """A verified member joins an open group at once, or asks to join a group on approval (a
    pending membership its admins approve, who get an e-mail). Joining twice changes nothing (one
    membership per group and member: a unique constraint, so two requests at once make one row)."""
    _require_verified(user)
    if group.is_suspended:
        raise GroupError(_("Ce groupe est suspendu."))
    existing = Membership.objects.filter(group=group, user=user).first()
    if existing:
        return existing
    status = MembershipStatus.ACTIVE if group.is_open else MembershipStatus.PENDING
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group, user=user, status=status, joined_at=timezone.now() if group.is_open else None
            )
    except IntegrityError:
        return Membership.objects.get(group=group, user=user)
    if not group.is_open:
        from . import tasks

        enqueue_after_commit(tasks.notify_join_request, membership.pk)
    return membership


@transaction.atomic
def group_leave(*, group: Group, user) -> None:
    """A member leaves (or withdraws a request). The group's last admin cannot leave while other
    members remain: they name another admin first. The group row is locked so that two admins
    leaving at once cannot both be « not the last »."""
    Group.objects.select_for_update().filter(pk=group.pk).first()
    membership = Membership.objects.filter(group=group, user=user).first()
    if membership is None:
        return
    if membership.is_admin:
        others = selectors.group_members(group).exclude(user=user)
        if others.exists() and not others.filter(role=Role.ADMIN).exists():
            raise GroupError(_("Nommez un autre administrateur avant de quitter le groupe."))
    membership.delete()


def _require_admin(by, group) -> None:
    if not (selectors.group_is_admin(by, group) or by.is_staff):
        raise PermissionDenied


@transaction.atomic
def membership_approve(*, membership: Membership, by) -> Membership:
    """A group admin lets a pending request in."""
    _require_admin(by, membership.group)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status == MembershipStatus.PENDING:
        membership.status, membership.joined_at = MembershipStatus.ACTIVE, timezone.now()
        membership.save(update_fields=["status", "joined_at"])
        from . import tasks

        enqueue_after_commit(tasks.notify_join_approved, membership.pk)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    """A group admin removes a member or declines a request. The founder cannot be removed by
    another admin, nor an admin by themselves (they leave instead)."""
    _require_admin(by, membership.group)
    if membership.user_id == by.pk:
        raise GroupError(_("Pour partir vous-même, quittez le groupe."))
    if membership.user_id == membership.group.founder_id and not by.is_staff:
        raise GroupError(_("Le fondateur du groupe ne peut pas en être retiré."))
    membership.delete()


@transaction.atomic
def membership_make_admin(*, membership: Membership, by, admin: bool = True) -> Membership:
    """A group admin names another active member admin (or takes the role back; never the
    founder's)."""
    _require_admin(by, membership.group)
    if not membership.is_active:
        raise GroupError(_("Seul un membre du groupe peut en être administrateur."))
    if not admin and membership.user_id == membership.group.founder_id:
        raise GroupError(_("Le fondateur du groupe reste administrateur."))
    membership.role = Role.ADMIN if admin else Role.MEMBER
    membership.save(update_fields=["role"])
    return membership


def membership_set_notify(*, membership: Membership, notify: str) -> Membership:
    """The member chooses their e-mails for this group: every post, a daily digest, nothing."""
    if notify not in Notify.values:
        raise GroupError(_("Choix inconnu."))
    membership.notify = notify
    membership.save(update_fields=["notify"])
    return membership


@transaction.atomic
def post_create(*, group: Group, author, text: str, parent: Post | None = None) -> Post:
    """An active member of a group (not suspended) writes a message, or replies to one of its
    messages. Members who chose « every post » get an e-mail after commit."""
    _require_verified(author)
    membership = selectors.membership_of(author, group)
    if group.is_suspended or not (membership and membership.is_active):
        raise PermissionDenied(_("Seuls les membres du groupe peuvent y écrire."))
    text = text.strip()
    if not text:
        raise GroupError({"text": _("Écrivez un message.")})
    if parent is not None:
        if parent.group_id != group.pk or parent.removed_at is not None:
            raise GroupError(_("Ce message n'existe plus."))
        parent = parent.parent or parent  # one level of replies
    post = Post.objects.create(group=group, author=author, text=text, parent=parent)
    from . import tasks

    enqueue_after_commit(tasks.notify_new_post, post.pk)
    return post


def post_pin(*, post: Post, by, pinned: bool = True) -> Post:
    """Group admins pin a message to the top of the group (or unpin it)."""
    _require_admin(by, post.group)
    post.pinned = pinned
    post.save(update_fields=["pinned"])
    return post


@transaction.atomic
def post_remove(*, post: Post, by) -> Post:
    """Its author, a group admin or staff remove a message (its replies go with it from the page).
    Open reports on it are closed as actioned."""
    if post.author_id != by.pk:
        _require_admin(by, post.group)
    if post.removed_at is None:
        post.removed_at, post.removed_by = timezone.now(), by
        post.save(update_fields=["removed_at", "removed_by"])
    post.reports.filter(status=ReportStatus.OPEN).update(
        status=ReportStatus.ACTIONED, decided_at=timezone.now(), decided_by=by
    )
    return post


def post_report(*, post: Post, reporter, reason: str, text: str = "") -> PostReport:
    """A member who can read the message reports it; once per member and message (a second report
    updates the first). Reports go to the staff's queue in the admin; group admins see them on the
    group page."""
    _require_verified(reporter)
    if not selectors.group_can_read(reporter, post.group):
        raise PermissionDenied
    report, _created = PostReport.objects.update_or_create(
        post=post, reporter=reporter, defaults={"reason": reason, "text": text, "status": ReportStatus.OPEN}
    )
    return report


def _require_may_decide(by, report: PostReport) -> None:
    """Staff, or an admin of the message's group who did not write it."""
    if by.is_staff:
        return
    if report.post.author_id == by.pk or not selectors.group_is_admin(by, report.post.group):
        raise PermissionDenied


@transaction.atomic
def report_dismiss(*, report: PostReport, by) -> PostReport:
    """A group admin (or staff) classes a report as unfounded: the message stays, the report leaves
    the queues (the group's and the admin's), marked « dismissed » by them. Reporting the message
    again reopens it. Group admins do not decide reports on their own messages: staff do."""
    _require_may_decide(by, report)
    report = PostReport.objects.select_for_update().get(pk=report.pk)
    if report.status == ReportStatus.OPEN:
        report.status, report.decided_at, report.decided_by = ReportStatus.DISMISSED, timezone.now(), by
        report.save(update_fields=["status", "decided_at", "decided_by"])
    return report


@transaction.atomic
def report_remove_post(*, report: PostReport, by) -> Post:
    """A group admin (or staff) upholds a report: the message is removed (post_remove: its replies
    leave the page, and every open report on it is closed as actioned)."""
    _require_may_decide(by, report)
    return post_remove(post=report.post, by=by)


@transaction.atomic
def reports_decide(*, reports, by, remove: bool) -> int:
    """Staff (or the group's admins) decide reports: remove the messages, or dismiss the reports."""
    count = 0
    for report in reports.select_related("post__group").filter(status=ReportStatus.OPEN):
        if remove:
            report_remove_post(report=report, by=by)
        else:
            report_dismiss(report=report, by=by)
        count += 1
    return count


def listing_share(*, listing, group: Group, by) -> SharedListing:
    """The author of a published annonce shares it with a group they are an active member of."""
    if listing.author_id != by.pk:
        raise PermissionDenied
    if not listing.is_public:
        raise GroupError(_("Seule une annonce publiée peut être partagée."))
    if not selectors.groups_of(by).filter(pk=group.pk).exists():
        raise GroupError(_("Vous ne pouvez partager une annonce qu'avec un groupe dont vous êtes membre."))
    share, _created = SharedListing.objects.get_or_create(listing=listing, group=group, defaults={"shared_by": by})
    return share


@transaction.atomic
def listing_groups_set(*, listing, by, groups) -> tuple[int, int]:
    """From the annonce's own page, its author chooses the groups it is shared with, among those
    they are an active member of (listing_share's rule for each one added; only a published
    annonce is shared). Shares with other groups (ones they left) are kept. Returns (added, removed)."""
    if listing.author_id != by.pk:
        raise PermissionDenied
    mine = selectors.groups_of(by)
    wanted = {group.pk for group in groups}
    current = set(SharedListing.objects.filter(listing=listing, group__in=mine).values_list("group_id", flat=True))
    added = 0
    for group in mine.filter(pk__in=wanted - current):
        listing_share(listing=listing, group=group, by=by)
        added += 1
    removed, _rows = SharedListing.objects.filter(listing=listing, group_id__in=current - wanted).delete()
    return added, removed


def listing_unshare(*, share: SharedListing, by) -> None:
    """The annonce's author, or a group admin, takes a shared annonce off the group."""
    if share.shared_by_id != by.pk:
        _require_admin(by, share.group)
    share.delete()


@transaction.atomic
def group_suspend(*, group: Group, by, reason: str) -> Group:
    """Staff suspend a group: it leaves the listing, its page is gone for members, and its admins
    get an e-mail with the reason."""
    if not by.is_staff:
        raise PermissionDenied
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.suspended_at is None:
        group.suspended_at, group.suspension_reason = timezone.now(), reason
        group.save(update_fields=["suspended_at", "suspension_reason"])
        from . import tasks

        enqueue_after_commit(tasks.notify_group_suspended, group.pk)
    return group


def group_restore(*, group: Group, by) -> Group:
    if not by.is_staff:
        raise PermissionDenied
    group.suspended_at, group.suspension_reason = None, ""
    group.save(update_fields=["suspended_at", "suspension_reason"])
    return group


def digest_posts(*, membership: Membership, now) -> list[Post]:
    """The messages a digest of `membership` holds: since its last digest (or since the member
    joined), not their own, not removed."""
    since = membership.digest_sent_until or membership.joined_at or membership.created_at
    return list(
        Post.objects.filter(group=membership.group, created_at__gt=since, created_at__lte=now, removed_at__isnull=True)
        .exclude(author=membership.user)
        .select_related("author__profile")
        .order_by("created_at")
    )


def digest_mark_sent(*, membership_id: int, until) -> None:
    Membership.objects.filter(pk=membership_id).update(digest_sent_until=until)
