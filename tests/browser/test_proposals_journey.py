"""A verified member proposes an event for the venue, another supports and comments it; staff
accept it and its page shows the event once published. axe on every page; screenshots at phone
and desktop widths (copied to /work/shots/proposals/ when that folder exists)."""

import shutil
from pathlib import Path

import pytest

from events.models import EventStatus
from events.tests.factories import EventTypeFactory
from members.tests.factories import UserFactory, VerifiedMemberFactory
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path("/work/shots/proposals")


@pytest.fixture
def snap(page, shoot):
    def take(name):
        wait_until(page, "document.readyState === 'complete'")
        path = shoot(f"proposals-{name}")
        if SHOTS.is_dir():
            shutil.copy(path, SHOTS / path.name)
        return path

    return take


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_propose_support_comment_and_see_the_event(page, login, snap, check_accessibility):
    from community import proposals

    EventTypeFactory(name="Atelier", slug="atelier")
    proposer = VerifiedMemberFactory(display_name="Claire M.")
    supporter = VerifiedMemberFactory(display_name="Karim B.")
    staff = UserFactory(is_staff=True)

    login(proposer)
    page.goto("/annonces/mes-annonces/")
    page.locator(".member-nav").get_by_role("link", name="Propositions").click()
    page.wait_for_url("**/propositions/")
    page.get_by_role("link", name="Proposer un évènement").click()
    page.get_by_role("button", name="Envoyer la proposition").click()  # empty: errors by the fields
    check_accessibility(page)
    snap("form-errors")
    page.get_by_label("Titre").fill("Atelier de réparation de vélos")
    page.get_by_label("Type").select_option(label="Atelier")
    page.get_by_label("Description").fill("Apprendre à régler ses freins et changer une chambre à air.")
    page.get_by_label("Format et durée").fill("Un atelier de 3 h")
    page.get_by_label("Période souhaitée").fill("Un samedi de printemps")
    page.get_by_label("Besoins").fill("Un point d'eau")
    check_accessibility(page)
    snap("form")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Envoyer la proposition").click()
    page.get_by_role("heading", name="Atelier de réparation de vélos").wait_for()

    page.context.clear_cookies()
    login(supporter)
    page.goto("/propositions/")
    check_accessibility(page)
    snap("list")
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="Atelier de réparation de vélos").click()
    page.get_by_role("button", name="Soutenir").click()
    page.get_by_role("button", name="Retirer mon soutien").wait_for()
    page.get_by_label("Votre commentaire").fill("Très bonne idée, je viendrai avec mon vélo !")
    page.get_by_role("button", name="Commenter").click()
    page.get_by_text("Très bonne idée").wait_for()
    check_accessibility(page)
    snap("detail")
    assert no_horizontal_scroll(page)

    from community.models import Proposal

    proposal = Proposal.objects.get()
    event = proposals.proposal_accept(proposal=proposal, by=staff)
    event.status, event.capacity = EventStatus.PUBLISHED, 20
    event.save()
    page.reload()
    page.get_by_role("link", name=event.title).wait_for()
    check_accessibility(page)
    snap("accepted")
