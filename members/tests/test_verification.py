import pytest
from django.core import mail
from django.urls import reverse

from members.models import MemberProfile, VerificationStatus
from members.services import verification_approve, verification_reject, verification_submit
from members.tests.factories import RosterEntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return RosterEntryFactory(number="S1234567", last_name="Lefèvre-Dupont", postcode="69003")


def submit(user, **overrides):
    data = {"number": "S1234567", "last_name": "Lefèvre-Dupont", "postcode": "69003", **overrides}
    return verification_submit(profile=user.profile, **data)


def test_exact_match_verifies_at_once(member, entry):
    profile = submit(member)
    assert profile.verification_status == VerificationStatus.VERIFIED
    assert profile.roster_entry == entry
    assert profile.verification_decided_by is None
    member.refresh_from_db()
    assert member.is_verified_member


@pytest.mark.parametrize("name", ["lefevre dupont", "LEFÈVRE-DUPONT", "  Lefevre Dupont ", "lefèvredupont"])
def test_name_match_ignores_case_accents_and_spaces(member, entry, name):
    assert submit(member, last_name=name).is_verified


def test_number_is_compared_without_spaces(member, entry):
    assert submit(member, number="s 123 4567").is_verified


@pytest.mark.parametrize(
    "overrides",
    [{"last_name": "Dupont"}, {"postcode": "75011"}, {"number": "S0000000"}],
    ids=["wrong-name", "wrong-postcode", "unknown-number"],
)
def test_mismatch_goes_to_pending_review(member, entry, overrides):
    profile = submit(member, **overrides)
    assert profile.verification_status == VerificationStatus.PENDING
    assert profile.roster_entry is None
    assert not member.is_verified_member


def test_inactive_roster_row_goes_to_pending(member, entry):
    entry.active = False
    entry.save()
    assert submit(member).is_pending


def test_a_roster_row_verifies_only_one_account(member, entry):
    assert submit(member).is_verified
    other = UserFactory()
    assert submit(other).is_pending
    assert MemberProfile.objects.filter(roster_entry=entry).count() == 1


def test_verification_page_verifies_and_returns_to_next(member_client, entry):
    response = member_client.post(
        reverse("members:verification"),
        {"number": "S1234567", "last_name": "lefevre dupont", "postcode": "69003", "next": "/annonces/"},
    )
    assert response.status_code == 302
    assert response.url == "/annonces/"
    assert member_client.get("/annonces/").status_code == 200


def test_verification_page_refuses_an_external_next(member_client, entry):
    response = member_client.post(
        reverse("members:verification"),
        {"number": "S1234567", "last_name": "Lefèvre-Dupont", "postcode": "69003", "next": "https://evil.example/"},
    )
    assert response.url == reverse("listings:list")


def test_verification_page_mismatch_says_pending(member_client, entry):
    response = member_client.post(
        reverse("members:verification"),
        {"number": "S1234567", "last_name": "Autre", "postcode": "69003"},
        follow=True,
    )
    assert "transmise à notre équipe" in response.content.decode()
    assert "en cours d'examen" in response.content.decode()


def test_verification_form_errors_are_shown_next_to_the_field(member_client):
    response = member_client.post(reverse("members:verification"), {"number": "", "last_name": "X", "postcode": "123"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "5 chiffres" in content
    assert 'value="X"' in content  # what was typed is kept


def test_attempts_are_rate_limited_per_account(member_client, entry, member):
    for _ in range(5):
        member_client.post(
            reverse("members:verification"), {"number": "S9999999", "last_name": "Martin", "postcode": "75011"}
        )
    # Even the right details are refused once the limit is reached: nobody can enumerate the roster.
    response = member_client.post(
        reverse("members:verification"), {"number": "S1234567", "last_name": "Lefèvre-Dupont", "postcode": "69003"}
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    member.profile.refresh_from_db()
    assert not member.profile.is_verified


def test_staff_approve_links_the_roster_row_and_emails_the_member(
    member, entry, staff, django_capture_on_commit_callbacks
):
    submit(member, last_name="Typo")
    with django_capture_on_commit_callbacks(execute=True):
        assert verification_approve(profile=member.profile, by=staff)
    member.profile.refresh_from_db()
    assert member.profile.is_verified
    assert member.profile.verification_decided_by == staff
    assert member.profile.roster_entry == entry
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [member.email]
    assert "vérifiée" in mail.outbox[0].subject


def test_staff_cannot_approve_a_number_already_claimed(member, entry, staff):
    submit(member)
    other = UserFactory()
    submit(other)
    assert not verification_approve(profile=other.profile, by=staff)
    other.profile.refresh_from_db()
    assert other.profile.is_pending


def test_staff_reject_tells_the_member_why(member, entry, staff, django_capture_on_commit_callbacks):
    submit(member, last_name="Inconnu")
    with django_capture_on_commit_callbacks(execute=True):
        verification_reject(profile=member.profile, by=staff, reason="Numéro introuvable.")
    member.profile.refresh_from_db()
    assert member.profile.verification_status == VerificationStatus.REJECTED
    assert "Numéro introuvable." in mail.outbox[0].body


def test_admin_bulk_approve_action(staff_client, staff):
    pending = [UserFactory(), UserFactory()]
    for user in pending:
        verification_submit(profile=user.profile, number="X1", last_name="Y", postcode="75001")
    response = staff_client.post(
        "/admin/members/memberprofile/",
        {"action": "approve", "_selected_action": [user.profile.pk for user in pending]},
        follow=True,
    )
    assert "2 membres validés" in response.content.decode()
    assert MemberProfile.objects.filter(verification_status="verified", verification_decided_by=staff).count() == 2


def test_admin_reject_action_asks_for_a_reason_then_rejects(staff_client):
    user = UserFactory()
    verification_submit(profile=user.profile, number="X1", last_name="Y", postcode="75001")
    url = "/admin/members/memberprofile/"
    confirm = staff_client.post(url, {"action": "reject", "_selected_action": [user.profile.pk]})
    assert "Motif communiqué au membre" in confirm.content.decode()
    staff_client.post(
        url, {"action": "reject", "_selected_action": [user.profile.pk], "apply": "1", "reason": "Inconnu"}
    )
    user.profile.refresh_from_db()
    assert user.profile.verification_status == VerificationStatus.REJECTED
    assert user.profile.rejection_reason == "Inconnu"


def test_admin_lists_pending_members_with_a_filter(staff_client):
    user = UserFactory(display_name="Joséphine P.")
    verification_submit(profile=user.profile, number="X1", last_name="Y", postcode="75001")
    UserFactory(display_name="Pas demandé")
    response = staff_client.get("/admin/members/memberprofile/?verification_status__exact=pending")
    content = response.content.decode()
    assert "Joséphine P." in content
    assert "Pas demandé" not in content
