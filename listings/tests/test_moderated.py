"""A moderated annonce is described as such (by the moderation team, with the reports' reasons),
to its author on its page and in the e-mail; other members only learn that it is no longer online."""

import pytest
from django.core import mail

from listings import services
from listings.models import Report
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def _report_three_times(listing, reasons=("scam", "scam", "prohibited")):
    for reason in reasons:
        services.report_create(listing=listing, reporter=VerifiedMemberFactory(), reason=reason)


def test_the_author_reads_that_the_moderation_team_hid_it_and_why(
    listing, staff, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _report_three_times(listing)
    mail.outbox.clear()
    services.reports_decide(reports=Report.objects.all(), by=staff, hide=True)

    html = client_for(listing.author).get(listing.get_absolute_url()).content.decode()
    assert "Notre équipe de modération a masqué votre annonce" in html
    assert "Motif : Arnaque ou tentative de fraude ; Objet ou service interdit" in html
    assert "retirée par son auteur" not in html


def test_while_the_reports_wait_for_the_team_the_author_is_told_so(
    listing, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _report_three_times(listing, reasons=("inappropriate",) * 3)
    html = client_for(listing.author).get(listing.get_absolute_url()).content.decode()
    assert "signalée par plusieurs membres" in html and "en attendant l'examen" in html
    assert "Motif : Contenu choquant ou inapproprié" in html
    body = mail.outbox[0].body
    assert "a été signalée" in body and "Motif : Contenu choquant ou inapproprié" in body


def test_a_hide_by_staff_without_report_says_who_and_gives_no_reason(
    listing, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_hide(listing=listing, by=staff)
    body = mail.outbox[0].body
    assert "Notre équipe de modération a masqué votre annonce" in body
    assert "signalée" not in body and "Motif" not in body


def test_other_members_learn_only_that_it_is_no_longer_online(listing, staff, other_member, client_for):
    services.listing_hide(listing=listing, by=staff)
    response = client_for(other_member).get(listing.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 404
    assert "Cette annonce n'est plus en ligne" in html
    assert listing.title not in html
    assert "auteur" not in html and "modération" not in html
    # The same page as for an annonce that never existed.
    unknown = client_for(other_member).get("/annonces/999999/")
    assert unknown.status_code == 404 and "Cette annonce n'est plus en ligne" in unknown.content.decode()
