"""The community shapes the club, in one journey (issue 16), at phone and desktop widths:

1. Claire creates a group on approval (with a picture); Karim finds it by place and asks to join;
   Claire accepts him; Karim posts (HTML shown as typed, links clickable), Claire replies and pins it.
2. A message is reported: Karim opens the report form on Claire's reply; Claire, an admin of the
   group, dismisses a report on Karim's message from the group page.
3. Claire shares one of her annonces with the group from the annonce's own page.
4. Claire proposes an event for the venue; Inès, a third member, supports it.
5. Staff accept it in the admin (the « Décision » field), then publish the draft event it made.
6. Inès receives the early e-mail, follows its link (through the login) and books while the event
   is in early access; an anonymous visitor gets a 404 and does not find it in the agenda.

axe on every page; screenshots in tests/screenshots/ (and /work/shots/community/ when it exists)."""

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from community import services as community_services
from community.models import Membership, MembershipStatus, Post
from events.tests.factories import EventTypeFactory
from listings.tests.factories import ListingFactory
from members.tests.factories import StaffFactory, VerifiedMemberFactory
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots/community")
PASSWORD = "a-Strong-password-42"


@pytest.fixture
def snap(page, shoot, check_accessibility):
    """axe on the page, then a full-page screenshot; no sideways scrolling on a phone. The Django
    admin's own pages are shot without axe: its stock breadcrumbs and inline delete boxes fail it."""

    def take(name, axe=True):
        wait_until(page, "document.readyState === 'complete' && [...document.images].every((img) => img.complete)")
        if axe:
            check_accessibility(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
        path = shoot(f"community-{name}")
        if SHOTS.is_dir():
            shutil.copy(path, SHOTS / path.name)
        return path

    return take


def _as(page, login, user):
    page.context.clear_cookies()
    login(user)
    page.wait_for_url(lambda url: "/comptes/login/" not in url)


def test_groups_and_proposals_shape_the_programme(page, login, snap, photo_file):
    EventTypeFactory(name="Atelier", slug="atelier")
    claire = VerifiedMemberFactory(display_name="Claire M.")
    karim = VerifiedMemberFactory(display_name="Karim B.")
    ines = VerifiedMemberFactory(display_name="Inès R.")
    staff = StaffFactory()
    listing = ListingFactory(author=claire, title="Grelinette à prêter")

    # 1. Claire creates a group on approval.
    _as(page, login, claire)
    page.goto("/annonces/mes-annonces/")
    page.locator(".member-nav").get_by_role("link", name="Groupes").click()
    page.wait_for_url("**/groupes/")
    page.get_by_role("link", name="Créer un groupe").click()
    page.get_by_label("Nom").fill("Cyclistes du 11e")
    page.get_by_label("Description").fill("Balades du dimanche et réparations à plusieurs.")
    page.get_by_label("Lieu").fill("Paris 11e")
    page.get_by_label("Sur demande, validée par ses administrateurs").check()
    page.get_by_label("Image").set_input_files(str(photo_file))
    snap("group-form")
    page.get_by_role("button", name="Créer le groupe").click()
    page.get_by_role("heading", name="Cyclistes du 11e").wait_for()
    wait_until(page, "document.querySelector('.group-head img').complete")
    assert page.evaluate("document.querySelector('.group-head img').naturalWidth > 0")
    group_url = page.url

    # Karim finds it by place; as an outsider he sees neither messages nor members, and asks to join.
    _as(page, login, karim)
    page.goto("/groupes/?lieu=11e")
    card = page.locator(".group-card", has_text="Cyclistes du 11e")
    card.wait_for()
    snap("group-list")
    card.get_by_role("link", name="Cyclistes du 11e").click()
    expect(page.get_by_text("Groupe sur demande")).to_be_visible()
    assert page.get_by_text("Claire M.").count() == 0
    snap("group-outsider")
    page.get_by_role("button", name="Demander à rejoindre").click()
    page.get_by_text("Votre demande est envoyée").wait_for()

    # Claire accepts him.
    _as(page, login, claire)
    page.goto(group_url)
    requests = page.locator("section", has=page.get_by_role("heading", name="Demandes à examiner"))
    expect(requests.get_by_role("link", name="Karim B.")).to_be_visible()
    snap("group-request")
    requests.get_by_role("button", name="Accepter").click()
    page.get_by_text("Karim B. est maintenant membre du groupe.").wait_for()

    # Karim posts; Claire replies.
    _as(page, login, karim)
    page.goto(group_url)
    page.get_by_label("Votre message").fill("Sortie dimanche 9 h <b>!</b>\nParcours : https://example.org/boucle")
    page.get_by_role("button", name="Publier").click()
    page.get_by_text("Message publié.").wait_for()
    post = page.locator(".post", has_text="Sortie dimanche")
    assert "<b>!</b>" in post.locator(".post-text").inner_text()
    expect(post.get_by_role("link", name="https://example.org/boucle")).to_be_visible()
    _as(page, login, claire)
    page.goto(group_url)
    thread = page.locator(".posts > li", has_text="Sortie dimanche")
    thread.get_by_label("Votre réponse").fill("J'apporte la pompe.")
    thread.get_by_role("button", name="Répondre").click()
    page.get_by_text("Réponse publiée.").wait_for()
    page.locator(".posts > li", has_text="Sortie dimanche").get_by_role("button", name="Épingler").click()
    page.get_by_text("Message épinglé.").wait_for()
    expect(page.locator(".post-pinned").first.get_by_text("J'apporte la pompe.")).to_be_visible()

    # 2. Karim reports Claire's reply (staff will decide it: she administers the group).
    _as(page, login, karim)
    page.goto(group_url)
    page.locator(".replies .post", has_text="J'apporte la pompe").get_by_role("link", name="Signaler").click()
    page.get_by_role("heading", name="Signaler un message").wait_for()
    snap("report-form")
    page.get_by_label("Autre").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_text("le message est signalé").wait_for()
    # Inès, a member too, reports Karim's message; Claire dismisses that report from the group page.
    group = Membership.objects.get(user=claire).group
    Membership.objects.create(group=group, user=ines, status=MembershipStatus.ACTIVE)
    karim_post = Post.objects.get(author=karim)
    community_services.post_report(post=karim_post, reporter=ines, reason="spam", text="Hors sujet ?")
    _as(page, login, claire)
    page.goto(group_url)
    reports = page.locator("section", has=page.get_by_role("heading", name="1 signalement à examiner"))
    expect(reports.get_by_text("Hors sujet ?")).to_be_visible()
    assert reports.get_by_text("J'apporte la pompe").count() == 0  # her own message: staff decide
    snap("group-admin-reports")
    reports.get_by_role("button", name="Classer sans suite").click()
    page.get_by_text("Le signalement est classé sans suite").wait_for()
    expect(page.locator(".post", has_text="Sortie dimanche").first).to_be_visible()

    # 3. Claire shares her annonce with the group from the annonce's page.
    page.goto(listing.get_absolute_url())
    sharing = page.locator("section", has=page.get_by_role("heading", name="Partager avec mes groupes"))
    sharing.get_by_label("Cyclistes du 11e").check()
    snap("listing-share")
    sharing.get_by_role("button", name="Enregistrer le partage").click()
    page.get_by_text("Les groupes avec lesquels l'annonce est partagée sont enregistrés.").wait_for()
    expect(
        page.locator("section", has_text="Partager avec mes groupes").get_by_label("Cyclistes du 11e")
    ).to_be_checked()
    page.goto(group_url)
    expect(page.get_by_role("link", name="Grelinette à prêter")).to_be_visible()
    snap("group-member")

    # 4. Claire proposes an event, carried by her group.
    page.goto("/annonces/mes-annonces/")
    page.locator(".member-nav").get_by_role("link", name="Propositions").click()
    page.wait_for_url("**/propositions/")
    page.get_by_role("link", name="Proposer un évènement").click()
    page.get_by_role("button", name="Envoyer la proposition").click()  # empty: errors by the fields
    snap("proposal-form-errors")
    page.get_by_label("Titre").fill("Atelier de réparation de vélos")
    page.get_by_label("Type").select_option(label="Atelier")
    page.get_by_label("Description").fill("Apprendre à régler ses freins et changer une chambre à air.")
    page.get_by_label("Format et durée").fill("Un atelier de 3 h")
    page.get_by_label("Période souhaitée").fill("Un samedi de printemps")
    page.get_by_label("Besoins").fill("Un point d'eau")
    page.get_by_label("Groupe").select_option(label="Cyclistes du 11e")
    snap("proposal-form")
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.get_by_role("heading", name="Atelier de réparation de vélos").wait_for()

    # Inès supports it.
    _as(page, login, ines)
    page.goto("/propositions/")
    snap("proposal-list")
    page.get_by_role("link", name="Atelier de réparation de vélos").click()
    page.get_by_role("button", name="Soutenir").click()
    page.get_by_role("button", name="Retirer mon soutien").wait_for()
    page.get_by_label("Votre commentaire").fill("Très bonne idée, je viendrai avec mon vélo !")
    page.get_by_role("button", name="Commenter").click()
    page.get_by_text("Très bonne idée").wait_for()
    snap("proposal-detail")
    proposal_url = page.url

    # 5. Staff accept it in the admin, then publish the draft event it made.
    page.context.clear_cookies()
    page.goto("/admin/community/proposal/")
    page.wait_for_url("**/comptes/login/**")
    page.get_by_label("Courriel").fill(staff.email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/admin/community/proposal/")
    page.get_by_role("link", name="Atelier de réparation de vélos").click()
    page.locator("#id_decision").select_option(label="Accepter : créer l'évènement en brouillon")
    snap("admin-proposal", axe=False)
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.locator(".messagelist a[href*='/admin/events/event/']").click()
    page.wait_for_url("**/admin/events/event/*/change/")
    mail.outbox.clear()
    page.locator("#id_status").select_option("published")
    page.locator("#id_capacity").fill("20")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist").get_by_text("est en avant-première")).to_be_visible()
    snap("admin-event-published", axe=False)

    # 6. The proposer and the supporter are told first; Inès follows the link and books.
    early = {message.to[0]: message for message in mail.outbox if "réservez votre place" in message.subject}
    assert set(early) == {claire.email, ines.email}
    assert "Vous êtes parmi les premiers" in early[ines.email].body
    link = re.search(r"https?://\S+/comptes/login/\?next=\S+", early[ines.email].body).group(0)
    split = urlsplit(link)
    page.context.clear_cookies()
    page.goto(f"{split.path}?{split.query}")
    page.get_by_label("Courriel").fill(ines.email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("heading", name="Atelier de réparation de vélos").wait_for()
    event_path = urlsplit(page.url).path
    expect(page.get_by_text("Avant-première")).to_be_visible()
    snap("event-early-access")
    page.get_by_label("J'accepte que le Club utilise ces informations").check()
    page.locator("#booking").get_by_role("button", name="Réserver").click()
    page.get_by_text("votre place est confirmée").wait_for()
    page.goto(proposal_url)
    expect(page.get_by_text("Vous y avez accès en avant-première")).to_be_visible()
    snap("proposal-accepted")

    # An anonymous visitor: a 404 on its page, and nothing in the agenda yet.
    page.context.clear_cookies()
    assert page.goto(event_path).status == 404
    page.goto("/agenda/")
    assert page.get_by_text("Atelier de réparation de vélos").count() == 0
