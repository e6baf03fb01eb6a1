"""Each e-mail goes out in its recipient's language: a booking's (the page it was made on), a
member's (their profile's: the sign-up page's, then their choice on the profile page or the API),
never the language of whoever caused the e-mail."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from events.models import Booking
from events.tests.factories import EventFactory
from exchanges import services as exchange_services
from exchanges.tests.factories import in_days, loan_listing
from members.models import User
from members.tests.factories import VerifiedMemberFactory
from messaging import services as messaging_services
from messaging.models import Conversation
from venue.tests.factories import VenueFactory

pytestmark = pytest.mark.django_db


def english(user):
    user.profile.language = "en"
    user.profile.save()
    return user


def test_a_booking_made_on_the_english_page_is_confirmed_in_english(client, django_capture_on_commit_callbacks):
    VenueFactory()
    event = EventFactory(title="Jazz & poésie")
    with translation.override("en"):
        url = event.get_absolute_url()
    assert url.startswith("/en/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Ana Lopez", "email": "ana@example.org", "seats": "2", "consent": "on"})
    assert response.status_code == 302
    assert Booking.objects.get().language == "en"
    [message] = mail.outbox
    assert message.subject == "Booking confirmed: Jazz & poésie"
    assert "Hello Ana Lopez," in message.body and "Your booking is confirmed." in message.body
    assert "Réservation confirmée" not in message.body
    assert "/en/agenda/" in message.body  # its links open the English pages
    html = message.alternatives[0][0]
    assert '<html lang="en"' in html and "Your booking is confirmed." in html


def test_a_booking_made_on_the_french_page_is_confirmed_in_french(client, django_capture_on_commit_callbacks):
    event = EventFactory(title="Jazz & poésie")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            event.get_absolute_url(),
            {"name": "Ana", "email": "ana@example.org", "seats": "1", "consent": "on"},
            HTTP_ACCEPT_LANGUAGE="en",  # the French page was shown: French it is
        )
    assert Booking.objects.get().language == "fr"
    assert mail.outbox[0].subject == "Réservation confirmée : Jazz & poésie"


def test_an_english_member_gets_english_exchange_and_message_e_mails_from_a_french_one(
    django_capture_on_commit_callbacks,
):
    lender = english(VerifiedMemberFactory(display_name="Helen"))
    borrower = VerifiedMemberFactory(display_name="Jean")  # French, the default
    listing = loan_listing(author=lender, title="Perceuse")
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        exchange = exchange_services.exchange_request(
            listing=listing, initiator=borrower, start=in_days(5), end=in_days(6), message="Bonjour !"
        )
    [request] = mail.outbox
    assert request.to == [lender.email]
    assert request.subject == "Jean is proposing an exchange: “Perceuse”"  # locale/en's wording
    assert "Hello Helen," in request.body and "/en/" in request.body
    with django_capture_on_commit_callbacks(execute=True):
        exchange_services.exchange_accept(exchange=exchange, by=lender)
    accepted = mail.outbox[-1]
    assert accepted.to == [borrower.email]
    assert accepted.subject == "Échange accepté : « Perceuse »"  # the French side stays French

    mail.outbox.clear()
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        messaging_services.message_send(conversation=Conversation.objects.get(), sender=borrower, body="Merci")
    [note] = mail.outbox
    assert note.to == [lender.email]
    assert note.subject == "New message from Jean about “Perceuse”"


def test_sign_up_on_the_english_page_stores_english(client, django_capture_on_commit_callbacks):
    with translation.override("en"):
        url = reverse("account_signup")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "email": "camille@example.org",
                "password1": "un-Mot-de-passe-solide-42",
                "password2": "un-Mot-de-passe-solide-42",
                "display_name": "Camille",
            },
        )
    assert User.objects.get(email="camille@example.org").profile.language == "en"
    [confirmation] = mail.outbox
    assert '<html lang="en"' in confirmation.alternatives[0][0]
    assert "Le Club" in confirmation.subject


def test_the_language_is_chosen_on_the_profile_page_and_through_the_api(verified_member):
    client = Client()
    client.force_login(verified_member)
    response = client.post(
        reverse("members:profile"), {"display_name": "Zoé", "postcode": "", "city": "", "language": "en"}
    )
    assert response.status_code == 302
    verified_member.profile.refresh_from_db()
    assert verified_member.profile.language == "en"
    # Left out of the form: unchanged.
    client.post(reverse("members:profile"), {"display_name": "Zoé", "postcode": "", "city": ""})
    verified_member.profile.refresh_from_db()
    assert verified_member.profile.language == "en"

    api = APIClient()
    api.force_authenticate(verified_member)
    assert api.get("/api/v1/me/").json()["language"] == "en"
    assert api.patch("/api/v1/me/", {"language": "fr"}, format="json").json()["language"] == "fr"
    assert api.patch("/api/v1/me/", {"language": "de"}, format="json").status_code == 400
    verified_member.profile.refresh_from_db()
    assert verified_member.profile.language == "fr"
