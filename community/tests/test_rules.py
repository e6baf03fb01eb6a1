"""The groups' rules, as a member or a visitor meets them: who reads what, approval, admins,
posts, e-mails, sharing annonces, suspension."""

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community import services
from community.models import Access, Membership, MembershipStatus, Notify, Post, Role
from community.tasks import send_digests
from listings.tests.factories import ListingFactory
from members.tests.factories import StaffFactory, UserFactory, VerifiedMemberFactory

from .factories import GroupFactory, MembershipFactory, PostFactory

pytestmark = pytest.mark.django_db


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- Who reads what ------------------------------------------------------------------------------
def test_an_open_groups_posts_and_members_are_read_by_every_verified_member(client, open_group):
    PostFactory(group=open_group, text="Semis de tomates à donner")
    response = page(client, VerifiedMemberFactory(), open_group.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Semis de tomates à donner" in body
    assert open_group.founder.profile.public_name in body
    assert reverse("members:member", args=[open_group.founder.pk]) in body


def test_a_group_on_approval_shows_only_its_presentation_to_non_members(
    client, closed_group, closed_post, closed_member
):
    response = page(client, VerifiedMemberFactory(), closed_group.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Motards du Val-de-Marne" in body and "Demander à rejoindre" in body
    assert "SECRET-MOTARDS" not in body
    assert closed_member.profile.public_name not in body


def test_a_pending_request_does_not_open_the_group(client, closed_group, closed_post):
    asking = VerifiedMemberFactory()
    services.group_join(group=closed_group, user=asking)
    body = page(client, asking, closed_group.get_absolute_url()).content.decode()
    assert "SECRET-MOTARDS" not in body and "Votre demande est en attente" in body


def test_active_members_and_staff_read_a_group_on_approval(client, closed_group, closed_post, closed_member):
    assert "SECRET-MOTARDS" in page(client, closed_member, closed_group.get_absolute_url()).content.decode()
    assert "SECRET-MOTARDS" in page(client, StaffFactory(), closed_group.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "unverified"])
def test_anonymous_visitors_and_unverified_accounts_never_see_a_group(client, open_group, who):
    PostFactory(group=open_group, text="SECRET-JARDIN")
    if who == "unverified":
        client.force_login(UserFactory())
    for url in [reverse("community:list"), open_group.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert "SECRET-JARDIN" not in response.content.decode()
        assert "Jardiniers" not in response.content.decode()


def test_the_listing_searches_by_name_and_place(client, open_group, closed_group):
    GroupFactory(name="Lecteurs du dimanche", place="Lyon")
    member = VerifiedMemberFactory()
    body = page(client, member, reverse("community:list") + "?q=jardin").content.decode()
    assert "Jardiniers du 11e" in body and "Lecteurs du dimanche" not in body
    body = page(client, member, reverse("community:list") + "?lieu=lyon").content.decode()
    assert "Lecteurs du dimanche" in body and "Jardiniers du 11e" not in body
    body = page(client, member, reverse("community:list")).content.decode()
    assert "Motards du Val-de-Marne" in body  # found, so that one can ask to join


# --- Joining, approval, admins --------------------------------------------------------------------
def test_joining_an_open_group_is_immediate_and_happens_once(open_group):
    member = VerifiedMemberFactory()
    first = services.group_join(group=open_group, user=member)
    second = services.group_join(group=open_group, user=member)
    assert first.pk == second.pk and first.status == MembershipStatus.ACTIVE
    assert Membership.objects.filter(group=open_group, user=member).count() == 1


def test_an_unverified_account_cannot_join(open_group):
    with pytest.raises(PermissionDenied):
        services.group_join(group=open_group, user=UserFactory())


def test_a_request_to_a_group_on_approval_waits_for_an_admin_who_is_emailed(
    client, closed_group, django_capture_on_commit_callbacks
):
    asking = VerifiedMemberFactory(display_name="Bastien Curieux")
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(asking)
        client.post(reverse("community:join", args=[closed_group.pk]))
    membership = Membership.objects.get(group=closed_group, user=asking)
    assert membership.status == MembershipStatus.PENDING
    assert [m.to for m in mail.outbox] == [[closed_group.founder.email]]
    assert "Bastien Curieux" in mail.outbox[0].body

    # Another member cannot approve it: the route names nothing for them.
    other = MembershipFactory(group=closed_group).user
    client.force_login(other)
    url = reverse("community:member_action", args=[closed_group.pk, membership.pk, "approve"])
    assert client.post(url).status_code == 404
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(closed_group.founder)
        client.post(url)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert [m.to for m in mail.outbox] == [[asking.email]]


def test_an_admin_names_another_admin_who_can_then_remove_members(closed_group):
    second = MembershipFactory(group=closed_group)
    third = MembershipFactory(group=closed_group)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=third, by=second.user)
    services.membership_make_admin(membership=second, by=closed_group.founder)
    services.membership_remove(membership=third, by=second.user)
    assert not Membership.objects.filter(pk=third.pk).exists()
    founder = Membership.objects.get(group=closed_group, user=closed_group.founder)
    with pytest.raises(services.GroupError):
        services.membership_remove(membership=founder, by=second.user)


def test_the_last_admin_names_another_before_leaving(open_group):
    member = MembershipFactory(group=open_group)
    with pytest.raises(services.GroupError):
        services.group_leave(group=open_group, user=open_group.founder)
    services.membership_make_admin(membership=member, by=open_group.founder)
    services.group_leave(group=open_group, user=open_group.founder)
    assert list(open_group.memberships.values_list("user", flat=True)) == [member.user_id]


def test_opening_a_group_lets_pending_requests_in(closed_group):
    asking = VerifiedMemberFactory()
    services.group_join(group=closed_group, user=asking)
    services.group_update(
        group=closed_group, by=closed_group.founder, name="Motards", description="d", place="", access=Access.OPEN
    )
    assert Membership.objects.get(group=closed_group, user=asking).status == MembershipStatus.ACTIVE


# --- Posts ----------------------------------------------------------------------------------------
def test_posting_needs_membership_even_in_an_open_group(client, open_group):
    outsider = VerifiedMemberFactory()
    with pytest.raises(PermissionDenied):
        services.post_create(group=open_group, author=outsider, text="Bonjour")
    client.force_login(outsider)
    client.post(open_group.get_absolute_url(), {"text": "Bonjour"})
    assert not Post.objects.exists()


def test_a_post_is_text_with_clickable_links_never_html(client, open_group):
    services.post_create(
        group=open_group,
        author=open_group.founder,
        text='<script>alert("x")</script> <b>gras</b> voir https://jardins.example/servan',
    )
    body = page(client, VerifiedMemberFactory(), open_group.get_absolute_url()).content.decode()
    assert "<script>alert" not in body and "<b>gras</b>" not in body
    assert "&lt;b&gt;gras&lt;/b&gt;" in body
    assert '<a href="https://jardins.example/servan" rel="nofollow">' in body


def test_replies_are_shown_under_their_post_and_removed_posts_are_gone(client, open_group):
    member = MembershipFactory(group=open_group).user
    post = services.post_create(group=open_group, author=open_group.founder, text="Qui a des graines ?")
    reply = services.post_create(group=open_group, author=member, text="Moi, des radis", parent=post)
    assert reply.parent == post
    body = page(client, member, open_group.get_absolute_url()).content.decode()
    assert body.index("Qui a des graines ?") < body.index("Moi, des radis")
    services.post_remove(post=post, by=open_group.founder)
    body = page(client, member, open_group.get_absolute_url()).content.decode()
    assert "Qui a des graines ?" not in body


def test_only_group_admins_pin_and_remove_others_posts(open_group):
    member = MembershipFactory(group=open_group).user
    post = PostFactory(group=open_group, author=open_group.founder)
    with pytest.raises(PermissionDenied):
        services.post_pin(post=post, by=member)
    with pytest.raises(PermissionDenied):
        services.post_remove(post=post, by=member)
    services.post_pin(post=post, by=open_group.founder)
    post.refresh_from_db()
    assert post.pinned


def test_a_reported_post_goes_to_the_staff_queue_whose_action_removes_it(client, open_group):
    from community.models import PostReport, ReportStatus

    post = PostFactory(group=open_group, text="Achetez mes montres pas chères")
    reporter = VerifiedMemberFactory()
    client.force_login(reporter)
    client.post(reverse("community:report", args=[post.pk]), {"reason": "spam", "text": "pub"})
    report = PostReport.objects.get()
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(
        reverse("admin:community_postreport_changelist"), {"action": "remove_post", "_selected_action": [report.pk]}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    post.refresh_from_db()
    assert report.status == ReportStatus.ACTIONED and post.removed_at is not None
    assert "montres" not in page(client, reporter, open_group.get_absolute_url()).content.decode()


def test_a_non_member_cannot_report_a_post_of_a_group_on_approval(client, closed_post):
    client.force_login(VerifiedMemberFactory())
    assert client.post(reverse("community:report", args=[closed_post.pk]), {"reason": "spam"}).status_code == 404


# --- E-mails --------------------------------------------------------------------------------------
def test_members_choosing_every_post_get_an_email_and_others_do_not(open_group, django_capture_on_commit_callbacks):
    every = MembershipFactory(group=open_group, notify=Notify.EVERY_POST)
    MembershipFactory(group=open_group, notify=Notify.DIGEST)
    MembershipFactory(group=open_group, notify=Notify.NONE)
    MembershipFactory(group=open_group, notify=Notify.EVERY_POST, status=MembershipStatus.PENDING, joined_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(group=open_group, author=open_group.founder, text="L'apéro « jardin » & co")
    assert [m.to for m in mail.outbox] == [[every.user.email]]
    assert "L'apéro « jardin » & co" in mail.outbox[0].body  # text e-mails are not HTML-escaped


def test_the_daily_digest_holds_new_posts_once(open_group):
    with time_machine.travel("2026-05-04 08:00 +02:00"):
        digest = MembershipFactory(group=open_group, notify=Notify.DIGEST)
        MembershipFactory(group=open_group, notify=Notify.NONE)
    with time_machine.travel("2026-05-04 12:00 +02:00"):
        PostFactory(group=open_group, text="Premier message du jour")
        own = PostFactory(group=open_group, author=digest.user, text="Le mien")
        assert own
    with time_machine.travel("2026-05-05 07:00 +02:00"):
        send_digests()
        send_digests()  # a second run finds nothing new
    assert [m.to for m in mail.outbox] == [[digest.user.email]]
    assert "Premier message du jour" in mail.outbox[0].body and "Le mien" not in mail.outbox[0].body
    with time_machine.travel("2026-05-06 07:00 +02:00"):
        send_digests()
    assert len(mail.outbox) == 1


def test_a_member_changes_their_emails_for_a_group(client, open_group):
    membership = MembershipFactory(group=open_group, notify=Notify.DIGEST)
    client.force_login(membership.user)
    client.post(reverse("community:notify", args=[open_group.pk]), {"notify": "none"})
    membership.refresh_from_db()
    assert membership.notify == Notify.NONE


# --- Annonces shared with a group -----------------------------------------------------------------
def test_an_author_shares_an_annonce_with_a_group_they_belong_to(client, open_group):
    member = MembershipFactory(group=open_group).user
    listing = ListingFactory(author=member, title="Grelinette à prêter")
    client.force_login(member)
    client.post(reverse("community:share", args=[open_group.pk]), {"listing": listing.pk})
    body = page(client, VerifiedMemberFactory(), open_group.get_absolute_url()).content.decode()
    assert "Grelinette à prêter" in body
    listing.status = "paused"
    listing.save()
    body = page(client, VerifiedMemberFactory(), open_group.get_absolute_url()).content.decode()
    assert "Grelinette à prêter" not in body  # the annonces' own visibility rule


def test_an_annonce_cannot_be_shared_with_a_group_one_is_not_in_nor_by_someone_else(open_group):
    outsider = VerifiedMemberFactory()
    with pytest.raises(services.GroupError):
        services.listing_share(listing=ListingFactory(author=outsider), group=open_group, by=outsider)
    member = MembershipFactory(group=open_group).user
    with pytest.raises(PermissionDenied):
        services.listing_share(listing=ListingFactory(author=outsider), group=open_group, by=member)


# --- Suspension -----------------------------------------------------------------------------------
def test_staff_suspend_a_group_its_admins_are_told_and_members_lose_it(
    client, open_group, django_capture_on_commit_callbacks
):
    member = MembershipFactory(group=open_group).user
    staff = StaffFactory()
    client.force_login(staff)
    changelist = reverse("admin:community_group_changelist")
    response = client.post(changelist, {"action": "suspend", "_selected_action": [open_group.pk]})
    assert "Motif" in response.content.decode()  # the form asking for the reason
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            changelist,
            {"action": "suspend", "_selected_action": [open_group.pk], "apply": "1", "reason": "Propos injurieux"},
        )
    open_group.refresh_from_db()
    assert open_group.is_suspended
    assert [m.to for m in mail.outbox] == [[open_group.founder.email]]
    assert "Propos injurieux" in mail.outbox[0].body
    assert page(client, member, open_group.get_absolute_url()).status_code == 404
    assert "Jardiniers" not in page(client, member, reverse("community:list")).content.decode()
    with pytest.raises(PermissionDenied):
        services.post_create(group=open_group, author=member, text="encore là ?")


def test_the_founder_is_the_first_admin_of_a_group_they_create(client):
    founder = VerifiedMemberFactory()
    client.force_login(founder)
    response = client.post(
        reverse("community:create"),
        {"name": "Jardiniers du 11e", "description": "Des graines.", "place": "Paris 11e", "access": "approval"},
    )
    membership = Membership.objects.get(user=founder)
    assert response.status_code == 302 and response.url == membership.group.get_absolute_url()
    assert membership.role == Role.ADMIN and membership.status == MembershipStatus.ACTIVE


def test_a_group_form_shows_errors_by_the_field_and_saves_nothing(client):
    client.force_login(VerifiedMemberFactory())
    response = client.post(reverse("community:create"), {"name": "", "description": "", "access": "secret"})
    assert response.status_code == 200
    assert response.content.decode().count('class="errorlist"') >= 3
    assert not Membership.objects.exists()
