"""Deleting an annonce that members exchanged about: the page says it will be withdrawn, not deleted,
refuses while an accepted exchange is open, and says what it did. Phone and desktop, axe clean."""

import pytest

from exchanges.models import Exchange, ExchangeStatus
from exchanges.tests.factories import ExchangeFactory
from listings.tests.factories import ensure_categories

pytestmark = pytest.mark.django_db(transaction=True)


def test_withdrawing_an_annonce_with_exchanges(page, login, shoot, check_accessibility):
    ensure_categories()
    accepted = ExchangeFactory(status=ExchangeStatus.ACCEPTED)
    login(accepted.listing.author)
    page.goto(f"/annonces/{accepted.listing.pk}/supprimer/")
    assert "plutôt que supprimée" in page.locator("main").inner_text()
    page.get_by_role("button", name="Retirer l'annonce").click()
    alert = page.get_by_role("alert")
    assert "Un échange accepté est en cours" in alert.inner_text()
    check_accessibility(page)
    shoot("listing-delete-refused")
    Exchange.objects.filter(pk=accepted.pk).update(status=ExchangeStatus.COMPLETED)
    page.get_by_role("button", name="Retirer l'annonce").click()
    page.get_by_text("leurs avis restent dans votre historique").wait_for()
    # Withdrawn for good: « Mes annonces » no longer offers to delete it.
    assert page.get_by_role("link", name="Supprimer").count() == 0
    assert page.get_by_role("link", name="Retirer").count() == 0
    check_accessibility(page)
    shoot("listing-delete-withdrawn")
