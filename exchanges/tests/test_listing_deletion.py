"""Deleting an annonce never erases what members did together: with exchanges it is closed instead,
its pending requests declined and their askers told; an accepted exchange must be settled first."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from exchanges import reviews, selectors
from exchanges.models import Exchange, ExchangeStatus
from exchanges.tests.factories import ExchangeFactory, loan_listing
from listings import services
from listings.models import Listing, Status

pytestmark = pytest.mark.django_db


def completed_with_a_review():
    done = ExchangeFactory(status=ExchangeStatus.COMPLETED, completed_at=timezone.now() - dt.timedelta(days=1))
    reviews.review_write(exchange=done, author=done.receiver, rating=2, text="Prêtée en retard, sans un mot.")
    reviews.review_write(exchange=done, author=done.provider, rating=5, text="Merci !")  # both written: shown
    return done


def test_an_annonce_nobody_asked_about_is_deleted():
    listing = loan_listing()
    assert services.listing_delete(listing=listing) is True
    assert not Listing.objects.filter(pk=listing.pk).exists()


def test_a_review_does_not_vanish_with_its_annonce(django_capture_on_commit_callbacks):
    done = completed_with_a_review()
    pending = ExchangeFactory(listing=done.listing)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.listing_delete(listing=done.listing) is False
    done.listing.refresh_from_db()
    assert done.listing.status == Status.CLOSED
    assert Exchange.objects.get(pk=done.pk).status == ExchangeStatus.COMPLETED
    assert [r.text for r in selectors.member_record(done.provider).reviews] == ["Prêtée en retard, sans un mot."]
    pending.refresh_from_db()
    assert pending.status == ExchangeStatus.DECLINED
    assert pending.decline_reason == "L'annonce a été retirée par son auteur."
    assert [m.to for m in mail.outbox] == [[pending.initiator.email]]


def test_an_accepted_exchange_must_be_settled_before_deleting():
    accepted = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    with pytest.raises(ValidationError):
        services.listing_delete(listing=accepted.listing)
    accepted.listing.refresh_from_db()
    assert accepted.listing.status == Status.PUBLISHED


def test_the_page_says_what_will_happen_and_why_it_cannot(client):
    accepted = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    client.force_login(accepted.listing.author)
    url = reverse("listings:delete", args=[accepted.listing.pk])
    assert "retirée (terminée) plutôt que supprimée" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 409
    assert "Un échange accepté est en cours sur cette annonce" in response.content.decode()
    Exchange.objects.filter(pk=accepted.pk).update(status=ExchangeStatus.COMPLETED)
    response = client.post(url, follow=True)
    assert "est retirée : les échanges à son sujet et leurs avis restent" in response.content.decode()


def test_the_api_answers_what_it_did():
    done = completed_with_a_review()
    api = APIClient()
    api.force_authenticate(done.listing.author)
    response = api.delete(f"/api/v1/listings/{done.listing.pk}/")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    accepted = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    api.force_authenticate(accepted.listing.author)
    response = api.delete(f"/api/v1/listings/{accepted.listing.pk}/")
    assert response.status_code == 400 and "Un échange accepté" in str(response.json())
    alone = loan_listing()
    api.force_authenticate(alone.author)
    assert api.delete(f"/api/v1/listings/{alone.pk}/").status_code == 204
