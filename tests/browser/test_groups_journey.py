"""A verified member creates a group on approval with a picture; another asks to join, the founder
accepts, the newcomer posts, the founder replies and pins. axe on every page; screenshots at phone
and desktop widths (copied to /work/shots/community/ when that folder exists)."""

import shutil
from pathlib import Path

import pytest

from members.tests.factories import VerifiedMemberFactory
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots/community")


@pytest.fixture
def snap(page, shoot):
    def take(name):
        wait_until(page, "[...document.images].every((img) => img.complete)")
        path = shoot(f"groups-{name}")
        if SHOTS.is_dir():
            shutil.copy(path, SHOTS / path.name)
        return path

    return take


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_create_join_approve_post_and_reply(page, login, snap, photo_file, check_accessibility):
    founder = VerifiedMemberFactory(display_name="Claire M.")
    newcomer = VerifiedMemberFactory(display_name="Karim B.")

    # 1. The founder creates a group on approval, with a picture.
    login(founder)
    page.goto("/annonces/mes-annonces/")
    page.locator(".member-nav").get_by_role("link", name="Groupes").click()
    page.wait_for_url("**/groupes/")
    page.get_by_role("link", name="Créer un groupe").click()
    page.get_by_label("Nom").fill("Motards du Val-de-Marne")
    page.get_by_label("Description").fill("Balades du dimanche et entretien à plusieurs.")
    page.get_by_label("Lieu").fill("Val-de-Marne")
    page.get_by_label("Sur demande, validée par ses administrateurs").check()
    page.get_by_label("Image").set_input_files(str(photo_file))
    check_accessibility(page)
    snap("form")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Créer le groupe").click()
    page.get_by_role("heading", name="Motards du Val-de-Marne").wait_for()
    assert page.get_by_text("Votre groupe est créé.").is_visible()
    assert page.evaluate("document.querySelector('.group-head img').naturalWidth > 0")
    group_url = page.url
    page.context.clear_cookies()

    # 2. Another member finds it by place and asks to join; they see no post, no member.
    login(newcomer)
    page.goto("/groupes/?lieu=val-de")
    card = page.locator(".group-card", has_text="Motards du Val-de-Marne")
    card.wait_for()
    check_accessibility(page)
    snap("list")
    assert no_horizontal_scroll(page)
    card.get_by_role("link", name="Motards du Val-de-Marne").click()
    assert page.get_by_text("Groupe sur demande").is_visible()
    assert page.get_by_text("Claire M.").count() == 0
    check_accessibility(page)
    snap("detail-outsider")
    page.get_by_role("button", name="Demander à rejoindre").click()
    page.get_by_text("Votre demande est envoyée").wait_for()
    page.context.clear_cookies()

    # 3. The founder accepts the request.
    login(founder)
    page.goto(group_url)
    requests = page.locator("section", has=page.get_by_role("heading", name="Demandes à examiner"))
    assert requests.get_by_role("link", name="Karim B.").is_visible()
    check_accessibility(page)
    snap("detail-admin-request")
    requests.get_by_role("button", name="Accepter").click()
    page.get_by_text("Karim B. est maintenant membre du groupe.").wait_for()
    page.context.clear_cookies()

    # 4. The newcomer posts (with a link and some HTML, shown as typed).
    login(newcomer)
    page.goto(group_url)
    page.get_by_label("Votre message").fill(
        "Balade dimanche, départ 9 h de Créteil <b>!</b>\nItinéraire : https://example.org/chevreuse"
    )
    page.get_by_role("button", name="Publier").click()
    page.get_by_text("Message publié.").wait_for()
    post = page.locator(".post", has_text="Balade dimanche")
    assert "<b>!</b>" in post.locator(".post-text").inner_text()
    assert post.get_by_role("link", name="https://example.org/chevreuse").is_visible()
    page.context.clear_cookies()

    # 5. The founder replies and pins it.
    login(founder)
    page.goto(group_url)
    post = page.locator(".posts > li", has_text="Balade dimanche")
    post.get_by_label("Votre réponse").fill("J'y serai, avec du café.")
    post.get_by_role("button", name="Répondre").click()
    page.get_by_text("Réponse publiée.").wait_for()
    page.locator(".posts > li", has_text="Balade dimanche").get_by_role("button", name="Épingler").click()
    page.get_by_text("Message épinglé.").wait_for()
    assert page.locator(".post-pinned").first.get_by_text("J'y serai, avec du café.").is_visible()
    check_accessibility(page)
    snap("detail-member")
    assert no_horizontal_scroll(page)
    page.context.clear_cookies()

    # 6. The newcomer opens the report page of the founder's reply.
    login(newcomer)
    page.goto(group_url)
    page.locator(".replies .post", has_text="J'y serai").get_by_role("link", name="Signaler").click()
    page.get_by_role("heading", name="Signaler un message").wait_for()
    check_accessibility(page)
    snap("report")
