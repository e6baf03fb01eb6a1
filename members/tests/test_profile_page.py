"""A member's profile page: for verified members only, with the exchanges and revealed reviews."""

import html
import re

import pytest
from django.urls import reverse

from exchanges import reviews
from exchanges.tests.test_views import completed
from members.tests.factories import UserFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def page_of(client, member):
    """The page's text as read, plus its links (tags stripped, spaces collapsed)."""
    content = client.get(reverse("members:member", args=[member.pk])).content.decode()
    links = " ".join(re.findall(r'href="([^"]+)"', content))
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content))) + links


def test_the_profile_shows_verified_since_exchanges_and_revealed_reviews(client):
    exchange = completed()
    lender, borrower = exchange.provider, exchange.receiver
    reviews.review_write(exchange=exchange, author=borrower, rating=5, text="Perceuse impeccable, merci !")
    client.force_login(VerifiedMemberFactory())
    page = page_of(client, lender)
    assert lender.profile.public_name in page and "Sociétaire vérifié" in page and "Membre depuis" in page
    assert "1 échange terminé en prêtant" in page and re.search(r"0 échanges? terminés? en empruntant", page)
    assert "Perceuse impeccable" not in page  # not revealed: the lender has not written theirs
    reviews.review_write(exchange=exchange, author=lender, rating=4, text="Rendue à l'heure")
    page = page_of(client, lender)
    assert "Perceuse impeccable, merci !" in page and "5 sur 5" in page
    assert lender.email not in page and lender.profile.societaire_number not in page
    assert "1 échange terminé en empruntant" in page_of(client, borrower)


def test_a_hidden_review_is_not_on_the_profile(client):
    exchange = completed()
    review = reviews.review_write(exchange=exchange, author=exchange.receiver, rating=1, text="Insulte")
    reviews.review_write(exchange=exchange, author=exchange.provider, rating=5, text="Bien")
    review.hidden = True
    review.save()
    client.force_login(VerifiedMemberFactory())
    assert "Insulte" not in page_of(client, exchange.provider)


def test_unknown_inactive_or_unverified_accounts_have_no_profile(client):
    client.force_login(VerifiedMemberFactory())
    inactive = VerifiedMemberFactory(is_active=False)
    for pk in (inactive.pk, UserFactory().pk, 999999):
        assert client.get(reverse("members:member", args=[pk])).status_code == 404


def test_only_verified_members_see_profiles(client):
    member = VerifiedMemberFactory(display_name="Ondine Secrète")
    url = reverse("members:member", args=[member.pk])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 302 and "Ondine" not in response.content.decode()


def test_ones_own_profile_links_to_the_edit_form(client):
    member = VerifiedMemberFactory()
    client.force_login(member)
    page = page_of(client, member)
    assert reverse("members:profile") in page and reverse("members:profile") == "/compte/profil/"
