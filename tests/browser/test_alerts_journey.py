"""Alerts in the browser: « Créer une alerte » from a search, « Mes alertes », the neighbours' form,
the alert e-mail (its text) and the unsubscribe page logged out."""

import html

import pytest
from django.core import mail

from alerts.tasks import match_published_listing
from alerts.tests.factories import saved_search
from alerts.tokens import unsubscribe_path
from listings.tests.factories import ListingFactory, category, ensure_categories
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_save_a_search_as_an_alert_and_find_it_in_my_alerts(page, login, shoot, check_accessibility):
    ensure_categories()
    ListingFactory(title="Tente familiale", category=category("pret-objets"))
    member = VerifiedMemberFactory()
    login(member)
    page.goto("/annonces/?q=tente&near=75011&radius=10")
    shoot("alerts-search-button")
    page.get_by_role("link", name="Créer une alerte").click()
    page.get_by_text("« tente » · à 10 km de Paris 11e").wait_for()
    page.get_by_label("Nom de l'alerte").fill("Une tente pour juillet")
    page.get_by_label("Dès la publication").check()
    check_accessibility(page)
    shoot("alerts-create")
    page.get_by_role("button", name="Créer l'alerte").click()
    page.get_by_text("Alerte « Une tente pour juillet » créée.").wait_for()
    saved_search("category=covoiturage-gratuit&q=Lyon", user=member, label="Covoiturage vers Lyon", active=False)
    page.reload()
    assert page.locator(".alert-list > li").count() == 2
    check_accessibility(page)
    shoot("alerts-list")
    page.goto("/alertes/voisins/")
    check_accessibility(page)
    shoot("alerts-neighbours")


def test_the_e_mail_and_its_unsubscribe_page_logged_out(page, shoot, check_accessibility):
    ensure_categories()
    alert = saved_search("category=pret-objets&near=75011", label="Une tente pour juillet")
    for title in ("Tente familiale 6 places", "Tente de randonnée légère"):
        ListingFactory(title=title, category=category("pret-objets"), price=None)
    from alerts import services
    from alerts.models import Frequency

    services.saved_search_update(saved_search=alert, frequency=Frequency.DAILY)
    from listings.models import Listing

    for listing in Listing.objects.all():
        match_published_listing(listing.pk)
    from alerts.tasks import send_daily_digests

    send_daily_digests()
    [message] = mail.outbox
    headers = "\n".join(f"{name}: {value}" for name, value in message.extra_headers.items())
    text = f"Objet : {message.subject}\n{headers}\n\n{message.body}"
    page.set_content(
        f'<pre style="font: 15px/1.45 monospace; white-space: pre-wrap; margin: 16px">{html.escape(text)}</pre>'
    )
    shoot("alerts-email-text")
    page.goto(unsubscribe_path(alert))
    check_accessibility(page)
    shoot("alerts-unsubscribe")
    page.get_by_role("button", name="Désactiver cette alerte").click()
    page.get_by_text("Alerte désactivée").wait_for()
    alert.refresh_from_db()
    assert alert.active is False
    shoot("alerts-unsubscribed")
