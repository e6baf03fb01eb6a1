"""Conversations: who may write and read, unread counts, and e-mails at most once per hour."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from listings import services as listing_services
from listings.models import Status
from listings.tests.factories import ListingFactory
from members.tests.factories import VerifiedMemberFactory
from messaging import services
from messaging.models import Conversation, Message

pytestmark = pytest.mark.django_db


def test_nobody_writes_about_their_own_annonce(listing):
    with pytest.raises(PermissionDenied):
        services.conversation_start(listing=listing, sender=listing.author, body="Moi-même")
    assert not Message.objects.exists()


def test_nobody_writes_about_a_hidden_annonce(listing, other_member):
    services.conversation_start(listing=listing, sender=other_member, body="Avant")
    listing_services.listing_hide(listing=listing)
    listing.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.conversation_start(listing=listing, sender=VerifiedMemberFactory(), body="Bonjour")
    conversation = Conversation.objects.get()
    for sender in (other_member, listing.author):
        with pytest.raises(PermissionDenied):
            services.message_send(conversation=conversation, sender=sender, body="Encore")
    assert Message.objects.count() == 1


def test_a_stranger_cannot_write_in_a_thread(listing, other_member):
    message = services.conversation_start(listing=listing, sender=other_member, body="Bonjour")
    with pytest.raises(PermissionDenied):
        services.message_send(conversation=message.conversation, sender=VerifiedMemberFactory(), body="Intrus")


def test_a_stranger_cannot_read_a_thread(client_for, listing, other_member, staff):
    message = services.conversation_start(listing=listing, sender=other_member, body="Bonjour")
    url = reverse("conversations:thread", args=[message.conversation_id])
    for outsider in (VerifiedMemberFactory(), staff):
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url, {"body": "Intrus"}).status_code == 404
    assert Message.objects.count() == 1


def test_contacting_twice_continues_the_same_thread(listing, other_member):
    first = services.conversation_start(listing=listing, sender=other_member, body="Bonjour")
    second = services.conversation_start(listing=listing, sender=other_member, body="Vous êtes là ?")
    assert first.conversation_id == second.conversation_id


def test_both_sides_see_the_thread_with_unread_counts(client_for, listing, other_member):
    services.conversation_start(listing=listing, sender=other_member, body="Bonjour, toujours disponible ?")
    services.conversation_start(listing=listing, sender=other_member, body="Je peux passer demain.")
    author = client_for(listing.author)
    inbox = author.get(reverse("conversations:inbox")).content.decode()
    assert "2 non lus" in inbox
    assert other_member.profile.public_name in inbox
    assert listing.author.email not in inbox and other_member.email not in inbox
    thread = author.get(reverse("conversations:thread", args=[Conversation.objects.get().pk])).content.decode()
    assert "Je peux passer demain." in thread
    assert "non lu" not in author.get(reverse("conversations:inbox")).content.decode()
    starter = client_for(other_member)
    inbox = starter.get(reverse("conversations:inbox")).content.decode()
    assert "non lu" not in inbox  # one's own messages are never unread
    assert "Vous : Je peux passer demain." in inbox


def test_message_bodies_are_text_never_html(client_for, listing, other_member):
    message = services.conversation_start(listing=listing, sender=other_member, body="<script>alert(1)</script>")
    page = client_for(listing.author).get(message.conversation.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_the_other_side_is_emailed_at_most_once_per_hour(listing, other_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_start(listing=listing, sender=other_member, body="Bonjour !")
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_start(listing=listing, sender=other_member, body="Vous êtes là ?")
    assert [m.to for m in mail.outbox] == [[listing.author.email]]
    email = mail.outbox[0]
    assert "Bonjour !" in email.body
    assert other_member.email not in email.body  # the sender's address is never exposed
    assert "/messages/" in email.body
    # An hour later, a new message e-mails again.
    conversation = Conversation.objects.get()
    Conversation.objects.filter(pk=conversation.pk).update(author_notified_at=timezone.now() - timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_start(listing=listing, sender=other_member, body="Troisième")
    assert len(mail.outbox) == 2


def test_each_side_has_its_own_hourly_limit(listing, other_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.conversation_start(listing=listing, sender=other_member, body="Bonjour")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(conversation=message.conversation, sender=listing.author, body="Oui, bonjour")
    assert [m.to for m in mail.outbox] == [[listing.author.email], [other_member.email]]


def test_no_email_is_sent_before_the_commit(listing, other_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.conversation_start(listing=listing, sender=other_member, body="Bonjour")
    assert mail.outbox == []
    for callback in callbacks:  # the commit
        callback()
    assert [m.to for m in mail.outbox] == [[listing.author.email]]


def test_contact_from_the_detail_page(client_for, listing, other_member, django_capture_on_commit_callbacks):
    client = client_for(other_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("listings:contact", args=[listing.pk]), {"body": "Intéressé !"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response.url == conversation.get_absolute_url()
    assert len(mail.outbox) == 1


def test_contact_about_a_paused_annonce_is_refused(client_for, other_member):
    paused = ListingFactory(status=Status.PAUSED)
    response = client_for(other_member).post(reverse("listings:contact", args=[paused.pk]), {"body": "Bonjour"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_messages_are_rate_limited(client_for, listing, other_member, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "send_message": "2/h/user"}
    client = client_for(other_member)
    url = reverse("listings:contact", args=[listing.pk])
    for _ in range(3):
        client.post(url, {"body": "Bonjour"})
    assert Message.objects.count() == 2
    thread = reverse("conversations:thread", args=[Conversation.objects.get().pk])
    response = client.post(thread, {"body": "Encore un"})
    assert response.status_code == 429
    assert "Réessayez dans une heure" in response.content.decode()
    assert Message.objects.count() == 2


def test_nobody_writes_to_a_suspended_member(listing, other_member, staff):
    message = services.conversation_start(listing=listing, sender=other_member, body="Bonjour")
    listing_services.member_suspend(user=other_member, by=staff)
    listing.author.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.message_send(conversation=message.conversation, sender=listing.author, body="Réponse")


def test_conversation_for_gets_or_creates_the_thread_without_writing(listing, other_member):
    """For other services (exchanges): the thread of (annonce, non-author member), no message, no e-mail."""
    from club.models import OutboxTask

    conversation = services.conversation_for(listing=listing, member=other_member)
    assert conversation.starter == other_member and conversation.other_party(other_member) == listing.author
    assert not Message.objects.exists() and not OutboxTask.objects.exists()
    assert services.conversation_for(listing=listing, member=other_member) == conversation
    message = services.conversation_start(listing=listing, sender=other_member, body="Bonjour")
    assert message.conversation_id == conversation.pk
    assert Conversation.objects.count() == 1


def test_conversation_for_refuses_the_author_and_ended_annonces(listing, other_member):
    with pytest.raises(PermissionDenied):
        services.conversation_for(listing=listing, member=listing.author)
    paused = ListingFactory(status=Status.PAUSED)
    with pytest.raises(PermissionDenied):
        services.conversation_for(listing=paused, member=other_member)
    assert not Conversation.objects.exists()
