"""Script and HTML typed into any free-text field come out as text: in the pages (annonce, search
results, inbox, thread, check-in, account, bookings), in the admin, and in e-mails (as typed in the
plain-text part, escaped once in the HTML part)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from events.models import Booking
from events.tests.factories import EventFactory
from events.tokens import booking_token
from listings.models import Listing, Report
from members.tests.factories import VerifiedMemberFactory
from messaging import services as messaging_services
from messaging.models import Conversation

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"

pytestmark = pytest.mark.django_db


def assert_escaped(html: str, where: str, *, shown: bool = True):
    assert "<script>alert" not in html and "<img src=x" not in html, f"markup injected in {where}"
    if shown:
        assert ESCAPED in html, f"the text typed is not shown, escaped, in {where}"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hostile_world(django_capture_on_commit_callbacks):
    """Every member-typed field holds the payload, typed through the real forms where there is one."""
    author = VerifiedMemberFactory()
    author.profile.display_name, author.profile.city = XSS, XSS
    author.profile.save()
    writer = VerifiedMemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(author).post(
            reverse("listings:create", args=["services-entraide"]),
            {"kind": "offer", "title": XSS, "description": XSS + "\nhttps://evil.example", "postcode": "75011"},
        )
        assert response.status_code == 302
        listing = Listing.objects.get()
        client_for(writer).post(reverse("listings:contact", args=[listing.pk]), {"body": XSS})
        client_for(writer).post(reverse("listings:report", args=[listing.pk]), {"reason": "other", "text": XSS})
        messaging_services.message_send(conversation=Conversation.objects.get(), sender=author, body=XSS)
        event = EventFactory()
        Client().post(
            event.get_absolute_url(),
            {"name": XSS, "email": "ana@example.org", "seats": "1", "consent": "on", "accessibility_needs": XSS},
        )
    assert Report.objects.get().text == XSS
    assert (Booking.objects.get().name, Booking.objects.get().accessibility_needs) == (XSS, XSS)
    return {"author": author, "writer": writer, "listing": listing, "event": event, "booking": Booking.objects.get()}


def test_member_pages_show_the_payload_as_text(hostile_world):
    listing, writer, author = hostile_world["listing"], hostile_world["writer"], hostile_world["author"]
    conversation = Conversation.objects.get()
    pages = {
        "annonce": (writer, listing.get_absolute_url()),
        "search results": (writer, reverse("listings:list") + "?q=alert"),
        "all annonces": (writer, reverse("listings:list")),
        "my annonces": (author, reverse("listings:mine")),
        "inbox": (author, reverse("conversations:inbox")),
        "thread (writer)": (writer, conversation.get_absolute_url()),
        "thread (author)": (author, conversation.get_absolute_url()),
        "account": (author, reverse("members:account")),
        "profile form": (author, reverse("members:profile")),
    }
    for where, (user, url) in pages.items():
        response = client_for(user).get(url)
        assert response.status_code == 200, where
        assert_escaped(response.content.decode(), where)


def test_search_box_echoes_the_query_as_text(verified_client):
    html = verified_client.get(reverse("listings:list"), {"q": XSS}).content.decode()
    assert_escaped(html, "search box")


def test_booking_pages_and_check_in_show_the_payload_as_text(hostile_world, staff):
    event, booking = hostile_world["event"], hostile_world["booking"]
    html = Client().get(reverse("events:booking", args=[booking_token(booking)])).content.decode()
    assert_escaped(html, "booking page")
    html = client_for(staff).get(reverse("events:checkin", args=[event.slug])).content.decode()
    assert_escaped(html, "check-in list")
    html = client_for(staff).get(reverse("events:checkin", args=[event.slug]), {"q": "<script>"}).content.decode()
    assert "<script>alert" not in html


def test_admin_lists_and_change_pages_show_the_payload_as_text(hostile_world, staff):
    listing, booking = hostile_world["listing"], hostile_world["booking"]
    report, conversation = Report.objects.get(), Conversation.objects.get()
    admin = client_for(staff)
    urls = [
        reverse("admin:listings_listing_changelist"),
        reverse("admin:listings_listing_change", args=[listing.pk]),
        reverse("admin:listings_report_changelist"),
        reverse("admin:listings_report_change", args=[report.pk]),
        reverse("admin:messaging_conversation_changelist"),
        reverse("admin:messaging_conversation_change", args=[conversation.pk]),
        reverse("admin:events_booking_changelist"),
        reverse("admin:events_booking_change", args=[booking.pk]),
        reverse("admin:members_memberprofile_changelist"),
        reverse("admin:members_memberprofile_change", args=[hostile_world["author"].profile.pk]),
    ]
    for url in urls:
        response = admin.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)


def test_emails_show_the_payload_as_typed_in_text_and_escaped_in_html(hostile_world):
    assert mail.outbox, "the booking and message e-mails were sent"
    for message in mail.outbox:
        assert "\n" not in message.subject
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html"
        assert_escaped(html, message.subject, shown=False)
    bodies = "\n".join(message.body for message in mail.outbox)
    assert XSS in bodies  # plain text: shown as typed, never interpreted
    assert any(ESCAPED in message.alternatives[0][0] for message in mail.outbox)  # escaped once
