"""An exchange from end to end, at phone and desktop widths: a member asks for dates on a loan
annonce, the author accepts and sets the hand-over « au Club » at an opening hour, the borrower
marks it returned, both review, the reviews show, then the record and the profile. Every page is
screenshotted in tests/screenshots/ and checked with axe."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from exchanges.models import Exchange, ExchangeStatus, day_start
from exchanges.tests.factories import in_days, loan_listing
from listings.tests.factories import ensure_categories
from members.tests.factories import VerifiedMemberFactory
from venue.tests.factories import OpeningHoursFactory, VenueFactory

pytestmark = pytest.mark.django_db(transaction=True)


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def described_by(page, locator) -> str:
    return locator.evaluate(
        "el => (el.getAttribute('aria-describedby') || '').split(' ')"
        ".map(id => document.getElementById(id)?.textContent || '').join(' ')"
    )


def test_request_accept_handover_complete_and_review(page, login, shoot, check_accessibility):
    ensure_categories()  # a previous transactional test may have flushed the data migration's rows
    venue = VenueFactory()
    for weekday in range(7):  # open every day, 10:00–19:00
        OpeningHoursFactory(venue=venue, weekday=weekday, opens=dt.time(10), closes=dt.time(19))
    lender = VerifiedMemberFactory(display_name="Claire M.")
    borrower = VerifiedMemberFactory(display_name="Karim B.")
    listing = loan_listing(author=lender, title="Perceuse à percussion Bosch")

    def look(name):
        shoot(name)
        check_accessibility(page)
        assert no_horizontal_scroll(page), f"{name}: horizontal scrolling"

    # 1. The borrower asks for three days, first with the end before the start.
    login(borrower)
    page.goto(listing.get_absolute_url())
    expect(page.get_by_role("heading", name="Demander ces dates")).to_be_visible()
    expect(page.get_by_text("Ce que couvre la mutuelle")).to_be_visible()
    look("exchange-annonce")
    page.get_by_label("Du", exact=True).fill(in_days(5).isoformat())
    page.get_by_label("Au", exact=True).fill(in_days(3).isoformat())
    page.get_by_label("Votre message").fill("Bonjour Claire, pour poser des étagères. Je peux passer au Club.")
    page.get_by_role("button", name="Envoyer ma demande").click()
    end = page.get_by_label("Au", exact=True)
    expect(end).to_have_attribute("aria-invalid", "true")
    assert "La fin doit être le même jour que le début ou après." in described_by(page, end)
    assert end.evaluate("el => el === document.activeElement"), "focus on the field to correct"
    look("exchange-request-error")
    page.get_by_label("Du", exact=True).fill(in_days(3).isoformat())
    page.get_by_label("Au", exact=True).fill(in_days(5).isoformat())
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/echanges/*/")
    expect(page.get_by_text("Demande envoyée : Claire M. vous répondra ici")).to_be_visible()
    expect(page.get_by_role("button", name="Retirer ma demande")).to_be_visible()
    look("exchange-requested")
    exchange = Exchange.objects.get()
    page.context.clear_cookies()

    # 2. The lender sees it waiting in « Mes échanges » and accepts.
    login(lender)
    page.goto("/echanges/")
    expect(page.get_by_text("1 demande attend votre réponse.")).to_be_visible()
    expect(page.locator(".member-nav").get_by_role("link", name="Échanges")).to_contain_text("1 à répondre")
    look("exchange-mine")
    page.get_by_role("link", name="Répondre : Perceuse à percussion Bosch").click()
    page.wait_for_url(f"**{exchange.get_absolute_url()}")
    look("exchange-author-requested")
    page.get_by_role("button", name="Accepter la demande").click()
    expect(page.get_by_text("Vous avez accepté l'échange.")).to_be_visible()

    # 3. The hand-over at the Club: a closed hour is refused next to the field, an open one is kept.
    page.get_by_label("Au Club").check()
    expect(page.locator("#club-hours")).to_contain_text("10:00–19:00")
    when = page.get_by_label("Date et heure de la remise")
    when.fill(f"{in_days(3).isoformat()}T21:00")
    page.get_by_role("button", name="Enregistrer la remise").click()
    when = page.get_by_label("Date et heure de la remise")
    expect(when).to_have_attribute("aria-invalid", "true")
    assert "Le Club est fermé à ce moment-là" in described_by(page, when)
    look("exchange-handover-error")
    when.fill(f"{in_days(3).isoformat()}T11:00")
    page.get_by_label("Précisions").fill("À l'accueil, avec la mallette")
    page.get_by_role("button", name="Enregistrer la remise").click()
    expect(page.get_by_text("La remise est enregistrée.")).to_be_visible()
    expect(page.locator(".exchange-facts")).to_contain_text("Au Club, le")
    look("exchange-accepted")
    page.context.clear_cookies()

    # Time passes: the loan has begun (moved into the past, as the clock would).
    Exchange.objects.filter(pk=exchange.pk).update(
        start=day_start(in_days(-3)),
        end=day_start(in_days(-1)),
        handover_at=day_start(in_days(-3)) + dt.timedelta(hours=11),
    )

    # 4. The borrower marks it returned and reviews.
    login(borrower)
    page.goto(exchange.get_absolute_url())
    page.get_by_role("button", name="C'est rendu : terminer l'échange").click()
    expect(page.get_by_text("L'échange est terminé.")).to_be_visible()
    expect(page.get_by_text("Votre avis sera publié quand vous aurez écrit tous les deux")).to_be_visible()
    look("exchange-review-form")
    page.get_by_label("5 sur 5 : parfait").check()
    page.get_by_label("Un mot pour l'autre membre").fill("Perceuse impeccable, merci Claire !")
    page.get_by_role("button", name="Publier mon avis").click()
    expect(page.get_by_text("Merci ! Votre avis est enregistré.")).to_be_visible()
    page.context.clear_cookies()

    # 5. The lender reviews too: both reviews show at once.
    login(lender)
    page.goto(exchange.get_absolute_url())
    expect(page.get_by_text("Perceuse impeccable")).to_have_count(0)
    page.get_by_label("4 sur 5 : très bien").check()
    page.get_by_label("Un mot pour l'autre membre").fill("Rendue propre et à l'heure.")
    page.get_by_role("button", name="Publier mon avis").click()
    expect(page.get_by_text("Perceuse impeccable, merci Claire !")).to_be_visible()
    expect(page.get_by_text("Les avis sont publiés")).to_be_visible()
    look("exchange-reviews")

    # 6. The record, to print or download.
    page.get_by_role("link", name="Voir et imprimer l'attestation").click()
    expect(page.get_by_role("heading", name="Attestation d'échange")).to_be_visible()
    expect(page.get_by_role("button", name="Imprimer")).to_be_visible()  # shown by static/js/print.js
    expect(page.locator(".record")).to_contain_text(exchange.number)
    assert lender.email not in page.content() and borrower.email not in page.content()
    look("exchange-record")
    page.emulate_media(media="print")
    shoot("exchange-record-print")
    page.emulate_media(media="screen")

    # 7. The borrower's profile shows the review the lender left.
    page.goto(exchange.get_absolute_url())
    page.locator(".exchange-facts").get_by_role("link", name="Karim B.").click()
    expect(page.get_by_role("heading", name="Karim B.")).to_be_visible()
    expect(page.get_by_text("Rendue propre et à l'heure.")).to_be_visible()
    look("member-profile")
    assert Exchange.objects.get().status == ExchangeStatus.COMPLETED


def test_the_panel_for_a_trip_a_je_cherche_and_the_author(page, login, shoot, check_accessibility):
    """The request panel's other faces: seats on a trip, an offer of help on « je cherche », and
    the author's list of requests waiting on the annonce."""
    from exchanges.tests.factories import ExchangeFactory, help_listing, trip_listing

    ensure_categories()
    member = VerifiedMemberFactory(display_name="Inès T.")
    trip = trip_listing(seats=3, title="Paris → Lyon samedi matin")
    wanted = help_listing(kind="request", title="Cherche aide pour monter une armoire")
    mine = loan_listing(author=member, title="Tente 4 places")
    ExchangeFactory(listing=mine, initiator=VerifiedMemberFactory(display_name="Paul D."))
    login(member)
    for name, listing, heading in (
        ("exchange-panel-trip", trip, "Réserver une place"),
        ("exchange-panel-offer-help", wanted, "Je peux aider"),
        ("exchange-panel-author", mine, "Demandes d'échange"),
    ):
        page.goto(listing.get_absolute_url())
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        shoot(name)
        check_accessibility(page)
        assert no_horizontal_scroll(page), name
    expect(page.get_by_text("1 demande attend votre réponse")).to_be_visible()
    page.get_by_role("link", name="Paul D.", exact=False).first.click()
    page.wait_for_url("**/echanges/*/")
    expect(page.get_by_role("button", name="Accepter la demande")).to_be_visible()
