"""A member's annonces, favourites, reports and messages in the data download, and what deleting
the account does to them (templates/members/delete_account.html says the same)."""

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from listings import services
from listings.models import Favourite, Listing, ListingPhoto, Report
from members.models import User
from members.services import verification_submit
from members.tests.factories import PASSWORD, UserFactory, VerifiedMemberFactory
from messaging import services as messaging_services
from messaging.models import Conversation

from .factories import ListingFactory, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving():
    """A member with an annonce (one photo), a favourite, a report, and a thread on someone else's
    annonce; someone also wrote to them about their own annonce."""
    member = VerifiedMemberFactory(display_name="Josette Secrète")
    client = Client()
    client.force_login(member)
    response = client.post(
        reverse("listings:create", args=["vide-grenier"]),
        {
            "kind": "offer",
            "title": "Ma lampe",
            "description": "Verte.",
            "postcode": "75011",
            "price": "3",
            "photos": [upload("lampe.jpg")],
        },
    )
    assert response.status_code == 302
    mine = Listing.objects.get(author=member)
    theirs = ListingFactory(title="Le vélo d'un autre")
    services.favourite_toggle(user=member, listing=theirs)
    services.report_create(listing=ListingFactory(), reporter=member, reason="other", text="Bizarre")
    messaging_services.conversation_start(listing=theirs, sender=member, body="Bonjour, toujours dispo ?")
    messaging_services.message_send(
        conversation=Conversation.objects.get(listing=theirs), sender=theirs.author, body="Oui, passez samedi."
    )
    messaging_services.conversation_start(listing=mine, sender=VerifiedMemberFactory(), body="Je prends la lampe")
    return member, client, mine, theirs


def test_the_download_holds_annonces_photos_favourites_reports_and_my_messages(leaving):
    member, client, mine, theirs = leaving
    data = json.loads(client.get(reverse("members:data_export")).content)
    [listing] = data["listings"]
    assert listing["title"] == "Ma lampe" and listing["description"] == "Verte."
    [photo] = listing["photos"]
    assert photo["width"] > 0 and photo["file"].endswith(".jpg")
    assert [f["listing"] for f in data["favourites"]] == ["Le vélo d'un autre"]
    assert [(r["reason"], r["text"]) for r in data["reports"]] == [("other", "Bizarre")]
    threads = {c["listing"]: [m["body"] for m in c["my_messages"]] for c in data["conversations"]}
    assert threads == {"Le vélo d'un autre": ["Bonjour, toujours dispo ?"], "Ma lampe": []}
    assert "Oui, passez samedi." not in json.dumps(data)  # the other side's words are theirs


def test_deleting_the_account_removes_annonces_and_photo_files_and_keeps_threads_without_the_name(
    leaving, django_capture_on_commit_callbacks
):
    member, client, mine, theirs = leaving
    photo_path = Path(ListingPhoto.objects.get(listing=mine).image.path)
    assert photo_path.exists()
    other = Client()
    other.force_login(theirs.author)
    conversation = Conversation.objects.get(listing=theirs)
    assert "Josette" in other.get(reverse("conversations:thread", args=[conversation.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:delete"), {"password": PASSWORD}, follow=True)
    assert "ont été supprimés" in response.content.decode()

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Listing.objects.filter(pk=mine.pk).exists() and not ListingPhoto.objects.exists()
    assert not photo_path.exists() and not list(photo_path.parent.glob("*"))
    assert not Favourite.objects.exists() and not Report.objects.exists()

    # The other side still reads the whole thread, without the deleted member's name.
    conversation.refresh_from_db()
    page = other.get(reverse("conversations:thread", args=[conversation.pk])).content.decode()
    assert "Bonjour, toujours dispo ?" in page and "Oui, passez samedi." in page
    assert "Josette" not in page and member.email not in page
    inbox = other.get(reverse("conversations:inbox")).content.decode()
    assert "Le vélo d&#x27;un autre" in inbox and "Josette" not in inbox
    # …and cannot write to an account that no longer exists; the stand-in cannot log in.
    assert not conversation.starter.is_active and not conversation.starter.has_usable_password()
    assert conversation.starter.profile.display_name == ""
    refused = other.post(reverse("conversations:thread", args=[conversation.pk]), {"body": "Vous êtes là ?"})
    assert refused.status_code == 403
    assert "Ce membre a supprimé son compte" in refused.content.decode()


def test_the_roster_row_can_be_claimed_again_after_deleting_an_account_with_annonces(leaving):
    member, client, mine, theirs = leaving
    entry = member.profile.roster_entry
    client.post(reverse("members:delete"), {"password": PASSWORD})
    profile = verification_submit(
        profile=UserFactory().profile, number=entry.number, last_name=entry.last_name, postcode=entry.postcode
    )
    assert profile.is_verified
