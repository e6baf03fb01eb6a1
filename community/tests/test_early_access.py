"""« Before the public »: an event made from a member's proposal, once published, is open to its
proposer and supporters only for settings.PROPOSAL_EARLY_ACCESS_HOURS (Event.public_from), then to
everyone. Out of the agenda, the home page, the feeds and the API lists meanwhile; its page is a 404
for anyone else, and booking it is refused to them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from community import proposals
from events import selectors, services
from events.models import Event, EventStatus
from events.tests.factories import EventFactory
from members.tests.factories import VerifiedMemberFactory

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def early(staff, settings, mailoutbox, django_capture_on_commit_callbacks):
    """A proposal with one supporter, accepted, its event published now: in early access."""
    settings.PROPOSAL_EARLY_ACCESS_HOURS = 48
    proposal = ProposalFactory(title="Atelier vélo du samedi")
    supporter = VerifiedMemberFactory()
    proposals.proposal_support(proposal=proposal, user=supporter)
    event = proposals.proposal_accept(proposal=proposal, by=staff)
    Event.objects.filter(pk=event.pk).update(capacity=20)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_publish(event=event)
    return {"proposal": proposal, "supporter": supporter, "proposer": proposal.proposer, "event": event}


def _reveal(event):
    """Staff move the end of the early access to the past (as the admin lets them)."""
    Event.objects.filter(pk=event.pk).update(public_from=timezone.now() - dt.timedelta(minutes=1))


def test_publishing_opens_an_early_access_of_the_setting_s_length(early):
    event = early["event"]
    assert event.status == EventStatus.PUBLISHED
    assert timezone.now() + dt.timedelta(hours=47) < event.public_from <= timezone.now() + dt.timedelta(hours=48)


def test_an_ordinary_event_is_public_at_once(mailoutbox, django_capture_on_commit_callbacks):
    event = EventFactory(status=EventStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_publish(event=event)
    assert event.public_from is None and event in selectors.agenda()
    assert mailoutbox == []


def test_during_early_access_the_event_is_out_of_every_public_list(early, client):
    event = early["event"]
    assert event not in selectors.agenda()
    assert event not in selectors.agenda_next(limit=10)
    assert event not in selectors.agenda_feed()
    assert event.title not in client.get(reverse("events:agenda")).content.decode()
    assert event.title not in client.get(reverse("venue:home")).content.decode()
    assert event.title not in client.get("/agenda.ics").content.decode()
    assert event.slug not in client.get("/api/v1/events/").content.decode()
    _reveal(event)
    assert event in selectors.agenda()
    assert event.title in client.get(reverse("events:agenda")).content.decode()
    assert event.slug in client.get("/api/v1/events/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "other member"])
def test_its_page_is_a_404_for_anyone_not_let_in(early, client, who):
    if who == "other member":
        client.force_login(VerifiedMemberFactory())
    event = early["event"]
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:ics", args=[event.slug])).status_code == 404
    assert client.get(f"/api/v1/events/{event.slug}/").status_code == 404
    _reveal(event)
    assert client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["proposer", "supporter"])
def test_the_proposer_and_supporters_open_it_and_book(early, client, who):
    user, event = early[who], early["event"]
    client.force_login(user)
    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    assert "Avant-première" in page.content.decode()
    assert '<meta name="robots" content="noindex">' in page.content.decode()
    booking = services.booking_create(event=event, user=user, name="Moi", email=user.email, seats=2)
    assert booking.status == "confirmed"


def test_someone_else_cannot_book_it_yet(early):
    other = VerifiedMemberFactory()
    with pytest.raises(services.BookingError) as refused:
        services.booking_create(event=early["event"], user=other, name="X", email=other.email, seats=1)
    assert refused.value.code == "not_public"
    with pytest.raises(services.BookingError):  # anonymous, with a supporter's address: still no
        services.booking_create(event=early["event"], name="X", email=early["supporter"].email, seats=1)
    _reveal(early["event"])
    assert services.booking_create(event=early["event"], user=other, name="X", email=other.email, seats=1)


def test_the_api_refuses_the_booking_of_someone_not_let_in(early, client):
    other = VerifiedMemberFactory()
    client.force_login(other)
    answer = client.post(
        "/api/v1/bookings/",
        {"event": early["event"].slug, "seats": 1, "consent": True},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "event" in answer.json()


def test_the_e_mail_says_they_are_first_and_until_when(early, mailoutbox, client):
    event = early["event"]
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([early["proposer"].email, early["supporter"].email])
    body = mailoutbox[0].body
    until = timezone.localtime(event.public_from)
    assert "Vous êtes parmi les premiers" in body
    assert f"{until:%H:%M}" in body and str(until.year) in body
    login_link = reverse("account_login") + "?next=" + event.get_absolute_url().replace("/", "%2F")
    assert login_link in body
    # A supporter already logged in goes straight through to the event's page.
    client.force_login(early["supporter"])
    answer = client.get(login_link)
    assert answer.status_code == 302 and answer["Location"] == event.get_absolute_url()


def test_the_proposal_page_links_the_event_for_supporters_only_during_early_access(early, client):
    url = reverse("proposals:detail", args=[early["proposal"].pk])
    event_url = early["event"].get_absolute_url()
    client.force_login(early["supporter"])
    assert event_url in client.get(url).content.decode()
    assert client.get(f"/api/v1/proposals/{early['proposal'].pk}/").json()["event"] == early["event"].slug
    client.force_login(VerifiedMemberFactory())
    page = client.get(url).content.decode()
    assert event_url not in page and "avant-première" in page
    assert client.get(f"/api/v1/proposals/{early['proposal'].pk}/").json()["event"] is None


def test_publishing_again_opens_no_new_early_access(early, django_capture_on_commit_callbacks, mailoutbox):
    event = early["event"]
    _reveal(event)
    Event.objects.filter(pk=event.pk).update(status=EventStatus.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_publish(event=event)
    assert event.is_public() and len(mailoutbox) == 2


def test_the_admin_shows_the_date_and_lets_staff_move_it(early, staff_client, django_capture_on_commit_callbacks):
    from events.tests.test_admin import _change_form_data

    event = early["event"]
    url = reverse("admin:events_event_change", args=[event.pk])
    assert 'name="public_from_0"' in staff_client.get(url).content.decode()
    sooner = timezone.localtime(timezone.now() + dt.timedelta(hours=2))
    data = _change_form_data(event, speakers=event.speakers, public_from_0=f"{sooner:%d/%m/%Y}")
    data["public_from_1"] = f"{sooner:%H:%M:%S}"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert abs(event.public_from - sooner) < dt.timedelta(seconds=1)


def test_the_admin_s_publish_action_goes_through_the_service(
    staff, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory()
    event = proposals.proposal_accept(proposal=proposal, by=staff)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:events_event_changelist"), {"action": "publish", "_selected_action": [event.pk]}
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and not event.is_public()
    assert [mail.to for mail in mailoutbox] == [[proposal.proposer.email]]
