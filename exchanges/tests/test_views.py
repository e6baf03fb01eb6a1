"""The exchange pages as members use them: ask from the annonce, answer, hand over, finish, review;
what each side sees, errors next to their field, and 404 for everybody else."""

import datetime as dt
import html as htmllib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from exchanges import reviews, services
from exchanges.models import PARIS, Exchange, ExchangeStatus, ReviewReport, day_start
from exchanges.tests.factories import ExchangeFactory, help_listing, in_days, loan_listing, trip_listing
from members.tests.factories import VerifiedMemberFactory
from venue.models import OpeningException
from venue.tests.factories import OpeningHoursFactory, VenueFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    """The page as a person reads it (entities such as &#x27; decoded)."""
    return htmllib.unescape(response.content.decode())


def described_by_texts(page: str, field_id: str) -> str:
    """The texts of the elements a field's aria-describedby points at (each must exist)."""
    tag = re.search(rf'<[^>]+id="{field_id}"[^>]*>', page).group(0)
    ids = re.search(r'aria-describedby="([^"]+)"', tag).group(1).split()
    texts = []
    for element_id in ids:
        match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(ul|span|div|p)>', page, re.S)
        assert match, f"aria-describedby points at #{element_id}, which is not on the page"
        texts.append(re.sub(r"<[^>]+>", " ", match.group(1)))
    return " ".join(texts)


def started(**kwargs):
    """An accepted loan that began two days ago and ends tomorrow."""
    return ExchangeFactory(
        start=day_start(in_days(-2)),
        end=day_start(in_days(2)),
        status=ExchangeStatus.ACCEPTED,
        accepted_at=timezone.now() - dt.timedelta(days=3),
        created_at=timezone.now() - dt.timedelta(days=4),
        **kwargs,
    )


def completed(**kwargs):
    exchange = started(**kwargs)
    return services.exchange_complete(exchange=exchange, by=exchange.receiver)


def login(client, user):
    client.force_login(user)
    return client


# --- The request panel on the annonce page ----------------------------------------------------------
def test_a_loan_annonce_offers_dates_a_message_and_the_cover_above_the_button(client):
    listing = loan_listing()
    page = html(login(client, VerifiedMemberFactory()).get(listing.get_absolute_url()))
    assert f'action="{reverse("exchanges:request", args=[listing.pk])}"' in page
    assert ">Du</label>" in page and ">Au</label>" in page and 'type="date"' in page
    cover = page.index("Ce que couvre la mutuelle")
    assert listing.category.cover_text[:40] in page
    assert cover < page.index("Envoyer ma demande")
    # The author's profile is linked, with the exchanges done.
    assert reverse("members:member", args=[listing.author_id]) in page
    assert "0 échange" in page


def test_a_je_cherche_annonce_is_answered_by_an_offer():
    listing = loan_listing(kind="request", title="Je cherche une tente")
    from django.test import Client

    page = html(login(Client(), VerifiedMemberFactory()).get(listing.get_absolute_url()))
    assert "Je peux aider" in page and "Proposer mon objet" in page
    help_wanted = help_listing(kind="request")
    page = html(login(Client(), VerifiedMemberFactory()).get(help_wanted.get_absolute_url()))
    assert "Proposer mon aide" in page and 'type="time"' in page


def test_a_trip_shows_its_departure_and_asks_at_most_the_seats_left(client):
    departure = timezone.now() + dt.timedelta(days=10)
    listing = trip_listing(seats=3, departure=departure)
    services.exchange_accept(
        exchange=services.exchange_request(listing=listing, initiator=VerifiedMemberFactory(), seats=2, message="Hi"),
        by=listing.author,
    )
    page = html(login(client, VerifiedMemberFactory()).get(listing.get_absolute_url()))
    assert "Départ le" in page and timezone.localtime(departure, PARIS).strftime("%H:%M") in page
    assert "1 place libre" in page
    assert re.search(r'<input[^>]+name="ech-seats"[^>]+max="1"', page)


def test_the_author_sees_the_requests_waiting_on_the_annonce(client):
    listing = loan_listing()
    exchange = ExchangeFactory(listing=listing, initiator=VerifiedMemberFactory(display_name="Basile R."))
    page = html(login(client, listing.author).get(listing.get_absolute_url()))
    assert "1 demande attend votre réponse" in page
    assert exchange.get_absolute_url() in page and "Basile R." in page
    assert "Envoyer ma demande" not in page


def test_an_annonce_without_exchange_has_no_panel(client):
    from listings.tests.factories import ListingFactory, category

    listing = ListingFactory(category=category("services-entraide"))
    listing.category.exchange_unit = ""
    listing.category.save()
    page = html(login(client, VerifiedMemberFactory()).get(listing.get_absolute_url()))
    assert "exchange-panel" not in page


# --- Asking ---------------------------------------------------------------------------------------
def test_asking_for_dates_opens_the_exchange_page_with_a_message(client):
    listing = loan_listing()
    borrower = VerifiedMemberFactory()
    response = login(client, borrower).post(
        reverse("exchanges:request", args=[listing.pk]),
        {"ech-start": in_days(10).isoformat(), "ech-end": in_days(12).isoformat(), "ech-message": "Bonjour !"},
        follow=True,
    )
    exchange = Exchange.objects.get()
    assert response.redirect_chain[-1][0] == exchange.get_absolute_url()
    page = html(response)
    assert "Demande envoyée" in page
    assert exchange.number in page and "Bonjour !" in page
    assert (exchange.receiver, exchange.status) == (borrower, ExchangeStatus.REQUESTED)


def test_bad_dates_come_back_next_to_their_field(client):
    listing = loan_listing()
    response = login(client, VerifiedMemberFactory()).post(
        reverse("exchanges:request", args=[listing.pk]),
        {"ech-start": in_days(12).isoformat(), "ech-end": in_days(10).isoformat(), "ech-message": "Bonjour"},
    )
    assert response.status_code == 400
    page = html(response)
    assert "La fin doit être le même jour que le début ou après." in described_by_texts(page, "id_ech-end")
    assert f'value="{in_days(12).isoformat()}"' in page  # what was typed stays
    assert not Exchange.objects.exists()


def test_a_missing_message_and_a_missing_date_are_said_next_to_them(client):
    listing = help_listing()
    response = login(client, VerifiedMemberFactory()).post(
        reverse("exchanges:request", args=[listing.pk]), {"ech-start_time": "10:00", "ech-end_time": "09:00"}
    )
    page = html(response)
    assert response.status_code == 400
    assert "obligatoire" in described_by_texts(page, "id_ech-day")
    assert "obligatoire" in described_by_texts(page, "id_ech-message")


def test_a_slot_ending_before_it_starts_names_the_end(client):
    listing = help_listing()
    response = login(client, VerifiedMemberFactory()).post(
        reverse("exchanges:request", args=[listing.pk]),
        {"ech-day": in_days(3).isoformat(), "ech-start_time": "10:00", "ech-end_time": "09:00", "ech-message": "Hop"},
    )
    assert "La fin du créneau doit suivre son début." in described_by_texts(html(response), "id_ech-end_time")


def test_taken_dates_are_a_conflict_said_at_the_top_with_what_is_in_the_way(client):
    listing = loan_listing()
    services.exchange_accept(
        exchange=services.exchange_request(
            listing=listing, initiator=VerifiedMemberFactory(), start=in_days(10), end=in_days(12), message="Hi"
        ),
        by=listing.author,
    )
    response = login(client, VerifiedMemberFactory()).post(
        reverse("exchanges:request", args=[listing.pk]),
        {"ech-start": in_days(11).isoformat(), "ech-end": in_days(14).isoformat(), "ech-message": "Bonjour"},
    )
    page = html(response)
    assert response.status_code == 400
    assert "Ces dates sont déjà prises" in page and 'role="alert"' in page
    assert "L'annonce est déjà prise" in page


def test_the_author_cannot_ask_for_their_own_annonce(client):
    listing = loan_listing()
    response = login(client, listing.author).post(
        reverse("exchanges:request", args=[listing.pk]),
        {"ech-start": in_days(10).isoformat(), "ech-end": in_days(12).isoformat(), "ech-message": "Moi"},
    )
    assert response.status_code == 400
    assert not Exchange.objects.exists()


# --- « Mes échanges » -------------------------------------------------------------------------------
def test_my_exchanges_puts_the_requests_awaiting_my_answer_first(client):
    lender = VerifiedMemberFactory()
    waiting = ExchangeFactory(listing=loan_listing(author=lender, title="Perceuse"))
    borrowed = ExchangeFactory(initiator=lender, listing=loan_listing(title="Tente"), status=ExchangeStatus.ACCEPTED)
    page = html(login(client, lender).get(reverse("exchanges:mine")))
    assert "1 demande attend votre réponse" in page
    assert (
        page.index("À vous de répondre")
        < page.index(waiting.get_absolute_url())
        < page.index(borrowed.get_absolute_url())
    )
    assert reverse("members:member", args=[waiting.receiver_id]) in page
    assert "Accepté" in page and "Demandé" in page
    # The member navigation says it too.
    assert "1 à répondre" in page
    as_provider = html(client.get(reverse("exchanges:mine") + "?role=provider"))
    assert "Perceuse" in as_provider and "Tente" not in as_provider
    as_receiver = html(client.get(reverse("exchanges:mine") + "?role=receiver&statut=accepted"))
    assert "Tente" in as_receiver and "Perceuse" not in as_receiver


# --- The exchange page --------------------------------------------------------------------------------
def test_the_page_shows_each_party_only_their_actions(client):
    exchange = ExchangeFactory()
    author_page = html(login(client, exchange.provider).get(exchange.get_absolute_url()))
    assert reverse("exchanges:accept", args=[exchange.pk]) in author_page
    assert reverse("exchanges:decline", args=[exchange.pk]) in author_page
    assert reverse("exchanges:withdraw", args=[exchange.pk]) not in author_page
    assert exchange.listing.category.cover_text[:40] in author_page
    assert reverse("members:member", args=[exchange.receiver_id]) in author_page
    requester_page = html(login(client, exchange.receiver).get(exchange.get_absolute_url()))
    assert reverse("exchanges:withdraw", args=[exchange.pk]) in requester_page
    assert reverse("exchanges:accept", args=[exchange.pk]) not in requester_page
    assert reverse("exchanges:cancel", args=[exchange.pk]) not in requester_page


ACTIONS = ["accept", "decline", "withdraw", "cancel", "complete", "handover", "message", "review", "record"]


@pytest.mark.parametrize("action", ["detail", *ACTIONS, "record_download"])
def test_somebody_elses_exchange_is_404(client, action):
    exchange = completed() if action.startswith("record") else ExchangeFactory()
    login(client, VerifiedMemberFactory())
    url = reverse(f"exchanges:{action}", args=[exchange.pk])
    response = client.get(url) if action in ("detail", "record", "record_download") else client.post(url)
    assert response.status_code == 404


def test_accepting_says_which_pending_requests_were_declined(client):
    listing = loan_listing()
    chosen = ExchangeFactory(listing=listing)
    ExchangeFactory(listing=listing, initiator=VerifiedMemberFactory(display_name="Zoé L."))
    response = login(client, listing.author).post(reverse("exchanges:accept", args=[chosen.pk]), follow=True)
    page = html(response)
    assert "Vous avez accepté l'échange" in page
    assert "La demande de Zoé L. sur les mêmes dates a été refusée" in page
    chosen.refresh_from_db()
    assert chosen.status == ExchangeStatus.ACCEPTED


def test_a_forbidden_transition_is_a_message_not_an_error_page(client):
    exchange = ExchangeFactory(status=ExchangeStatus.DECLINED)
    response = login(client, exchange.provider).post(reverse("exchanges:accept", args=[exchange.pk]), follow=True)
    assert response.status_code == 200
    assert "Cette demande n'est plus en attente." in html(response)
    response = client.post(reverse("exchanges:complete", args=[ExchangeFactory(listing=exchange.listing).pk]))
    assert response.status_code == 302


def test_decline_with_a_reason_and_withdraw(client):
    exchange = ExchangeFactory()
    login(client, exchange.provider).post(reverse("exchanges:decline", args=[exchange.pk]), {"reason": "Déjà prêtée"})
    exchange.refresh_from_db()
    assert (exchange.status, exchange.decline_reason) == (ExchangeStatus.DECLINED, "Déjà prêtée")
    other = ExchangeFactory()
    page = html(login(client, other.receiver).post(reverse("exchanges:withdraw", args=[other.pk]), follow=True))
    assert "Votre demande est retirée." in page and "Retiré" in page


def test_cancelling_needs_a_reason_said_next_to_the_field(client):
    exchange = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    login(client, exchange.receiver)
    response = client.post(reverse("exchanges:cancel", args=[exchange.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "pourquoi vous annulez" in described_by_texts(html(response), "id_reason")
    client.post(reverse("exchanges:cancel", args=[exchange.pk]), {"reason": "Malade"})
    exchange.refresh_from_db()
    assert (exchange.status, exchange.cancel_reason) == (ExchangeStatus.CANCELLED, "Malade")


def test_done_once_started(client):
    exchange = started()
    page = html(login(client, exchange.receiver).get(exchange.get_absolute_url()))
    assert "C'est rendu" in page
    page = html(client.post(reverse("exchanges:complete", args=[exchange.pk]), follow=True))
    assert "L'échange est terminé" in page and "Votre avis sera publié quand vous aurez écrit tous les deux" in page
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.COMPLETED


def test_writing_in_the_thread(client):
    exchange = ExchangeFactory()
    login(client, exchange.receiver)
    response = client.post(reverse("exchanges:message", args=[exchange.pk]), {"body": "  "})
    assert response.status_code == 400
    assert "obligatoire" in described_by_texts(html(response), "id_body")
    page = html(client.post(reverse("exchanges:message", args=[exchange.pk]), {"body": "À samedi"}, follow=True))
    assert "À samedi" in page


# --- The hand-over ------------------------------------------------------------------------------------
@pytest.fixture
def club():
    venue = VenueFactory()
    for weekday in range(7):
        OpeningHoursFactory(venue=venue, weekday=weekday, opens=dt.time(10), closes=dt.time(19))
    return venue


def test_handover_at_the_club_only_when_it_is_open(client, club):
    exchange = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    login(client, exchange.provider)
    page = html(client.get(exchange.get_absolute_url()))
    assert "Au Club" in page and "10:00–19:00" in page and club.street in page
    day = in_days(5)
    closed = OpeningException.objects.create(venue=club, date=in_days(6), closed=True, reason="Travaux")
    page = html(client.get(exchange.get_absolute_url()))
    assert "Travaux" in page
    for moment in (f"{day.isoformat()}T22:00", f"{closed.date.isoformat()}T11:00"):
        response = client.post(reverse("exchanges:handover", args=[exchange.pk]), {"place": "club", "at": moment})
        assert response.status_code == 400
        assert "Le Club est fermé à ce moment-là" in described_by_texts(html(response), "id_at")
    response = client.post(
        reverse("exchanges:handover", args=[exchange.pk]), {"place": "club", "at": f"{day.isoformat()}T11:30"}
    )
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.handover_place == "club"
    assert timezone.localtime(exchange.handover_at, PARIS) == dt.datetime.combine(day, dt.time(11, 30), tzinfo=PARIS)


def test_handover_elsewhere_with_a_note(client):
    exchange = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    login(client, exchange.receiver).post(
        reverse("exchanges:handover", args=[exchange.pk]), {"place": "other", "note": "Devant la boulangerie"}
    )
    exchange.refresh_from_db()
    assert (exchange.handover_place, exchange.handover_note) == ("other", "Devant la boulangerie")


# --- Reviews --------------------------------------------------------------------------------------------
def test_reviews_are_hidden_until_both_wrote_then_shown_and_reportable(client):
    exchange = completed()
    provider, receiver = exchange.provider, exchange.receiver
    login(client, receiver)
    response = client.post(reverse("exchanges:review", args=[exchange.pk]), {"rating": "9", "text": ""})
    assert response.status_code == 400
    page = html(response)
    assert 'aria-invalid="true"' in page and 'id="id_rating_error"' in page
    client.post(reverse("exchanges:review", args=[exchange.pk]), {"rating": "5", "text": "Merci pour la perceuse"})
    provider_page = html(login(client, provider).get(exchange.get_absolute_url()))
    assert "Merci pour la perceuse" not in provider_page
    assert "Votre avis sera publié quand vous aurez écrit tous les deux, ou le" in provider_page
    client.post(reverse("exchanges:review", args=[exchange.pk]), {"rating": "4", "text": "Emprunteur soigneux"})
    provider_page = html(client.get(exchange.get_absolute_url()))
    assert "Merci pour la perceuse" in provider_page and "5 sur 5" in provider_page
    assert "Les avis sont publiés" in provider_page
    review = exchange.reviews.get(author=receiver)
    report_url = reverse("exchanges:review_report", args=[exchange.pk, review.pk])
    assert report_url in provider_page
    response = client.post(report_url, {"text": ""})
    assert response.status_code == 400
    client.post(report_url, {"text": "Ce n'est pas vrai"})
    assert ReviewReport.objects.filter(review=review, reporter=provider).exists()
    assert "Vous avez signalé cet avis." in html(client.get(exchange.get_absolute_url()))
    # One's own review cannot be reported, nor a review before it is revealed.
    own = exchange.reviews.get(author=provider)
    assert client.post(reverse("exchanges:review_report", args=[exchange.pk, own.pk]), {"text": "x"}).status_code == 404


def test_a_review_not_yet_revealed_cannot_be_reported(client):
    exchange = completed()
    review = reviews.review_write(exchange=exchange, author=exchange.receiver, rating=5, text="Top")
    login(client, exchange.provider)
    url = reverse("exchanges:review_report", args=[exchange.pk, review.pk])
    assert client.post(url, {"text": "x"}).status_code == 404


# --- The record -------------------------------------------------------------------------------------------
def test_the_record_of_a_completed_exchange_says_who_what_when_where_and_never_an_email(client):
    exchange = completed()
    exchange.handover_place = "other"
    exchange.handover_note = "Chez Ondine"
    exchange.save()
    login(client, exchange.receiver)
    page = html(client.get(reverse("exchanges:record", args=[exchange.pk])))
    download = client.get(reverse("exchanges:record_download", args=[exchange.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="attestation-{exchange.number}.txt"'
    text = download.content.decode()
    for content in (page, text):
        assert exchange.number in content
        assert exchange.provider.profile.public_name in content and exchange.receiver.profile.public_name in content
        assert content.count("sociétaire vérifié") >= 2
        assert exchange.listing.title in content and exchange.listing.category.label in content
        assert "Chez Ondine" in content
        assert exchange.listing.category.cover_text[:40] in content
        assert exchange.provider.email not in content and exchange.receiver.email not in content
        assert exchange.provider.profile.societaire_number not in content
    assert "&#x27;" not in text
    assert "data-print" in page and "js/print.js" in page


def test_no_record_before_completion(client):
    exchange = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    login(client, exchange.receiver)
    assert client.get(reverse("exchanges:record", args=[exchange.pk])).status_code == 404
    assert "Attestation" not in html(client.get(exchange.get_absolute_url()))


def test_no_handover_before_acceptance(client):
    exchange = ExchangeFactory()
    login(client, exchange.receiver)
    assert reverse("exchanges:handover", args=[exchange.pk]) not in html(client.get(exchange.get_absolute_url()))
    response = client.post(reverse("exchanges:handover", args=[exchange.pk]), {"place": "other"}, follow=True)
    assert "La remise se convient une fois l'échange accepté." in html(response)
    exchange.refresh_from_db()
    assert exchange.handover_place == ""


def test_requests_share_the_message_rate_limit(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "send_message": "1/h/user"}
    login(client, VerifiedMemberFactory())
    url = reverse("exchanges:request", args=[loan_listing().pk])
    data = {"ech-start": in_days(10).isoformat(), "ech-end": in_days(12).isoformat(), "ech-message": "Bonjour"}
    assert client.post(url, data).status_code == 302
    data["ech-start"] = in_days(20).isoformat()
    data["ech-end"] = in_days(21).isoformat()
    response = client.post(url, data)
    assert response.status_code == 429 and "Réessayez dans une heure" in html(response)


def test_opening_the_exchange_page_reads_its_thread(client):
    from messaging.selectors import unread_message_count

    listing = loan_listing()
    exchange = services.exchange_request(
        listing=listing, initiator=VerifiedMemberFactory(), start=in_days(5), end=in_days(6), message="Possible ?"
    )
    assert unread_message_count(listing.author) == 1
    client.force_login(listing.author)
    assert client.get(exchange.get_absolute_url()).status_code == 200
    assert unread_message_count(listing.author) == 0
