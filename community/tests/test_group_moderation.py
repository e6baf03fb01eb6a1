"""Group admins decide the reports on their group's messages (dismiss, or remove the message), as
staff do in the admin; and an author shares an annonce with their groups from the annonce itself."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community import services
from community.models import PostReport, ReportStatus, Role, SharedListing
from listings.tests.factories import ListingFactory
from members.tests.factories import StaffFactory, VerifiedMemberFactory

from .factories import GroupFactory, MembershipFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(open_group):
    author = MembershipFactory(group=open_group).user
    post = PostFactory(group=open_group, author=author, text="Achetez mes montres pas chères")
    reporter = MembershipFactory(group=open_group).user
    report = services.post_report(post=post, reporter=reporter, reason="spam", text="De la pub")
    return {"group": open_group, "post": post, "author": author, "reporter": reporter, "report": report}


def _action(client, user, report, action):
    client.force_login(user)
    url = reverse("community:report_action", args=[report.post.group_id, report.pk, action])
    return client.post(url)


def test_the_group_admin_sees_the_reports_on_the_group_page_and_others_do_not(client, reported):
    group = reported["group"]
    client.force_login(group.founder)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "1 signalement à examiner" in page and "De la pub" in page
    assert reported["reporter"].profile.public_name not in page.split('id="reports-title"')[1].split("</section>")[0]
    for user in (reported["reporter"], reported["author"], VerifiedMemberFactory()):
        client.force_login(user)
        assert "signalement à examiner" not in client.get(group.get_absolute_url()).content.decode()


def test_the_group_admin_dismisses_a_report_and_the_message_stays(client, reported):
    response = _action(client, reported["group"].founder, reported["report"], "dismiss")
    assert response.status_code == 302
    report = PostReport.objects.get()
    assert report.status == ReportStatus.DISMISSED and report.decided_by == reported["group"].founder
    for user in (reported["reporter"], reported["author"]):
        client.force_login(user)
        assert "montres pas chères" in client.get(reported["group"].get_absolute_url()).content.decode()
    client.force_login(reported["group"].founder)
    assert "signalement à examiner" not in client.get(reported["group"].get_absolute_url()).content.decode()
    # Reporting it again puts it back in the queue.
    services.post_report(post=reported["post"], reporter=reported["reporter"], reason="scam")
    assert PostReport.objects.get().status == ReportStatus.OPEN


def test_the_group_admin_removes_the_reported_message(client, reported):
    other = services.post_report(post=reported["post"], reporter=VerifiedMemberFactory(), reason="inappropriate")
    assert _action(client, reported["group"].founder, reported["report"], "remove").status_code == 302
    reported["post"].refresh_from_db()
    assert reported["post"].removed_at is not None and reported["post"].removed_by == reported["group"].founder
    other.refresh_from_db()
    assert other.status == ReportStatus.ACTIONED  # every open report on it is closed
    for user in (reported["reporter"], reported["author"]):
        client.force_login(user)
        assert "montres pas chères" not in client.get(reported["group"].get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["reporter", "author", "outsider", "admin of another group"])
def test_nobody_else_decides_a_report(client, reported, who):
    user = {
        "reporter": reported["reporter"],
        "author": reported["author"],
        "outsider": VerifiedMemberFactory(),
        "admin of another group": GroupFactory().founder,
    }[who]
    for action in ("dismiss", "remove"):
        assert _action(client, user, reported["report"], action).status_code == 404
    with pytest.raises(PermissionDenied):
        services.report_dismiss(report=reported["report"], by=user)
    assert PostReport.objects.get().status == ReportStatus.OPEN


def test_an_admin_does_not_judge_reports_on_their_own_message_staff_do(client, reported):
    co_admin = MembershipFactory(group=reported["group"], role=Role.ADMIN).user
    own = PostFactory(group=reported["group"], author=co_admin, text="Mon message à moi")
    report = services.post_report(post=own, reporter=reported["reporter"], reason="spam")
    assert _action(client, co_admin, report, "dismiss").status_code == 404
    client.force_login(co_admin)
    assert (
        "Mon message à moi"
        not in client.get(reported["group"].get_absolute_url())
        .content.decode()
        .split('id="reports-title"')[1]
        .split("</section>")[0]
    )
    services.report_dismiss(report=report, by=StaffFactory())
    report.refresh_from_db()
    assert report.status == ReportStatus.DISMISSED


def test_staff_still_decide_every_report_in_the_admin(client, reported):
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:community_postreport_changelist"),
        {"action": "dismiss", "_selected_action": [reported["report"].pk]},
    )
    assert response.status_code == 302
    assert PostReport.objects.get().status == ReportStatus.DISMISSED


# --- Sharing an annonce from the annonce ------------------------------------------------------------
def test_the_author_shares_from_the_annonce_page_with_the_groups_they_belong_to(client, open_group):
    member = MembershipFactory(group=open_group).user
    second = MembershipFactory(user=member).group
    not_mine = GroupFactory(name="Groupe des autres")
    listing = ListingFactory(author=member, title="Grelinette à prêter")
    client.force_login(member)
    page = client.get(listing.get_absolute_url()).content.decode()
    assert "Partager avec mes groupes" in page
    assert open_group.name in page and second.name in page and not_mine.name not in page
    url = reverse("community:listing_groups", args=[listing.pk])
    assert client.post(url, {"groups": [open_group.pk, second.pk]}).status_code == 302
    assert set(SharedListing.objects.values_list("group_id", flat=True)) == {open_group.pk, second.pk}
    client.force_login(VerifiedMemberFactory())
    assert "Grelinette à prêter" in client.get(open_group.get_absolute_url()).content.decode()
    # Unchecking one takes it off that group only.
    client.force_login(member)
    client.post(url, {"groups": [second.pk]})
    assert list(SharedListing.objects.values_list("group_id", flat=True)) == [second.pk]


def test_a_group_one_is_not_in_is_refused_and_nothing_is_half_saved(client, open_group):
    member = MembershipFactory(group=open_group).user
    listing = ListingFactory(author=member)
    client.force_login(member)
    url = reverse("community:listing_groups", args=[listing.pk])
    client.post(url, {"groups": [open_group.pk, GroupFactory().pk]})
    assert not SharedListing.objects.exists()


def test_only_the_author_sees_and_uses_the_control(client, open_group):
    member = MembershipFactory(group=open_group).user
    listing = ListingFactory(author=member)
    other = MembershipFactory(group=open_group).user
    client.force_login(other)
    assert "Partager avec mes groupes" not in client.get(listing.get_absolute_url()).content.decode()
    assert (
        client.post(reverse("community:listing_groups", args=[listing.pk]), {"groups": [open_group.pk]}).status_code
        == 404
    )
    assert not SharedListing.objects.exists()


def test_a_paused_annonce_is_not_shared(client, open_group):
    member = MembershipFactory(group=open_group).user
    listing = ListingFactory(author=member, status="paused")
    client.force_login(member)
    assert "une fois publiée" in client.get(listing.get_absolute_url()).content.decode()
    client.post(reverse("community:listing_groups", args=[listing.pk]), {"groups": [open_group.pk]})
    assert not SharedListing.objects.exists()
