"""Celery tasks of the groups. They take ids, reload what they need, and are safe to run twice
(club.mail sends each e-mail once per task id; digests record how far they went)."""

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from club.mail import language_of, send_templated_mail

RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def notify_new_post(post_id: int) -> int:
    """E-mail the group's active members who chose « every post » (not the author)."""
    from .models import MembershipStatus, Notify, Post

    post = Post.objects.select_related("group", "author__profile", "parent").filter(pk=post_id).first()
    if post is None or post.removed_at is not None or post.group.is_suspended:
        return 0
    memberships = (
        post.group.memberships.filter(status=MembershipStatus.ACTIVE, notify=Notify.EVERY_POST, user__is_active=True)
        .exclude(user=post.author)
        .select_related("user__profile")
    )
    sent = 0
    for membership in memberships:
        sent += send_templated_mail(
            template="emails/group_post",
            to=[membership.user.email],
            language=language_of(membership.user),
            context={"post": post, "group": post.group},
            discriminator=str(membership.pk),
        )
    return sent


@shared_task(**RETRY)
def notify_join_request(membership_id: int) -> None:
    from . import selectors
    from .models import Membership, MembershipStatus

    membership = (
        Membership.objects.select_related("group", "user__profile")
        .filter(pk=membership_id, status=MembershipStatus.PENDING)
        .first()
    )
    if membership is None:
        return
    for admin in selectors.group_admins(membership.group).select_related("user__profile"):
        send_templated_mail(
            template="emails/group_join_request",
            to=[admin.user.email],
            language=language_of(admin.user),
            context={"membership": membership, "group": membership.group},
            discriminator=str(admin.pk),
        )


@shared_task(**RETRY)
def notify_join_approved(membership_id: int) -> None:
    from .models import Membership

    membership = Membership.objects.select_related("group", "user__profile").filter(pk=membership_id).first()
    if membership is None or not membership.is_active:
        return
    send_templated_mail(
        template="emails/group_join_approved",
        to=[membership.user.email],
        language=language_of(membership.user),
        context={"group": membership.group},
    )


@shared_task(**RETRY)
def notify_group_suspended(group_id: int) -> None:
    from . import selectors
    from .models import Group

    group = Group.objects.filter(pk=group_id, suspended_at__isnull=False).first()
    if group is None:
        return
    for admin in selectors.group_admins(group).select_related("user__profile"):
        send_templated_mail(
            template="emails/group_suspended",
            to=[admin.user.email],
            language=language_of(admin.user),
            context={"group": group},
            discriminator=str(admin.pk),
        )


@shared_task(**RETRY)
def send_digests() -> int:
    """Beat, daily: each active member who chose the digest gets one e-mail per group with the
    messages written since their last digest, if any. Each membership records the moment its
    digest covered, after sending, so a second run sends nothing new."""
    from . import services
    from .models import Membership, MembershipStatus, Notify

    now = timezone.now()
    sent = 0
    memberships = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, notify=Notify.DIGEST, group__suspended_at__isnull=True, user__is_active=True
    ).select_related("group", "user__profile")
    for membership in memberships.iterator():
        posts = services.digest_posts(membership=membership, now=now)
        if posts:
            sent += send_templated_mail(
                template="emails/group_digest",
                to=[membership.user.email],
                language=language_of(membership.user),
                context={"group": membership.group, "posts": posts},
                discriminator=f"{membership.pk}:{now.isoformat()}",
            )
        services.digest_mark_sent(membership_id=membership.pk, until=now)
    return sent


def _proposal_url(proposal, language: str) -> str:
    from django.conf import settings
    from django.utils import translation

    with translation.override(language):
        return settings.SITE_URL + proposal.get_absolute_url()


@shared_task(**RETRY)
def notify_proposal_decision(proposal_id: int, kind: str) -> None:
    """E-mail the proposer the staff's question, refusal (with its reason) or acceptance."""
    from .models import Proposal

    proposal = Proposal.objects.select_related("proposer__profile").filter(pk=proposal_id).first()
    if proposal is None or kind not in ("question", "declined", "accepted"):
        return
    language = language_of(proposal.proposer)
    url = _proposal_url(proposal, language)
    send_templated_mail(
        template=f"emails/proposal_{kind}",
        to=[proposal.proposer.email],
        language=language,
        context={
            "proposal": proposal,
            "action_url": url,
            "action_label": _("Voir ma proposition"),
            "proposal_url": url,
        },
    )


@shared_task(**RETRY)
def notify_proposal_event(proposal_id: int) -> int:
    """The event made from a proposal is published: e-mail its proposer and every supporter (active
    accounts), each once, with the link to book — through the login page, since during the early
    access (Event.public_from) the event's page opens only to them, logged in."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import translation

    from .models import Proposal

    proposal = Proposal.objects.select_related("event").filter(pk=proposal_id, event__status="published").first()
    if proposal is None:
        return 0
    event = proposal.event
    early_until = event.public_from if not event.is_public() else None
    ids = {proposal.proposer_id, *proposal.supports.values_list("user_id", flat=True)}
    sent = 0
    for user in get_user_model().objects.filter(pk__in=ids, is_active=True).select_related("profile").order_by("pk"):
        language = language_of(user)
        with translation.override(language):
            event_url = settings.SITE_URL + event.get_absolute_url()
            book_url = (
                f"{settings.SITE_URL}{reverse(settings.LOGIN_URL)}?{urlencode({'next': event.get_absolute_url()})}"
            )
        sent += send_templated_mail(
            template="emails/proposal_event",
            to=[user.email],
            language=language,
            context={
                "proposal": proposal,
                "event": event,
                "early_until": early_until,
                "is_proposer": user.pk == proposal.proposer_id,
                "action_url": book_url if early_until else event_url,
                "action_label": _("Réserver ma place"),
                "event_url": book_url if early_until else event_url,
            },
            discriminator=str(user.pk),
        )
    return sent
