"""Proposals for the venue, as rules: who may propose, supports (one each, withdrawable), the
staff's review (question, decline, accept making a draft event), and the early e-mail to the
proposer and supporters when that event is published — once."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community import proposals
from community.models import ProposalState, ProposalSupport
from events.models import Event, EventStatus
from members.tests.factories import UserFactory, VerifiedMemberFactory

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_only_a_verified_member_may_propose():
    from events.tests.factories import EventTypeFactory

    with pytest.raises(PermissionDenied):
        proposals.proposal_create(
            proposer=UserFactory(), title="t", type=EventTypeFactory(), description="d", format="f", wished_period="p"
        )


def test_a_member_supports_once_and_may_withdraw():
    proposal, member = ProposalFactory(), VerifiedMemberFactory()
    assert proposals.proposal_support(proposal=proposal, user=member) is True
    assert proposals.proposal_support(proposal=proposal, user=member) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert proposals.proposal_unsupport(proposal=proposal, user=member) is True
    proposal.refresh_from_db()
    assert proposal.support_count == 0 and not ProposalSupport.objects.exists()


def test_a_decided_proposal_takes_no_new_support():
    proposal = ProposalFactory(state=ProposalState.DECLINED)
    with pytest.raises(proposals.ProposalError):
        proposals.proposal_support(proposal=proposal, user=VerifiedMemberFactory())


def test_the_proposer_answering_a_question_puts_it_back_to_submitted(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory()
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_ask_question(proposal=proposal, by=staff, question="Combien de personnes ?")
    assert [mail.to for mail in mailoutbox] == [[proposal.proposer.email]]
    assert "Combien de personnes ?" in mailoutbox[0].body
    proposals.proposal_comment(proposal=proposal, author=VerifiedMemberFactory(), text="Moi aussi !")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.QUESTION  # someone else's comment is no answer
    proposals.proposal_comment(proposal=proposal, author=proposal.proposer, text="Une trentaine.")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED


def test_declining_needs_a_reason_that_the_proposer_receives(staff, mailoutbox, django_capture_on_commit_callbacks):
    proposal = ProposalFactory()
    with pytest.raises(proposals.ProposalError):
        proposals.proposal_decline(proposal=proposal, by=staff, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        proposals.proposal_decline(proposal=proposal, by=staff, reason="La salle est trop petite.")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DECLINED
    assert "La salle est trop petite." in mailoutbox[0].body


def test_accepting_makes_a_linked_draft_event_crediting_the_proposer(staff):
    proposal = ProposalFactory(partner="Les Petits Débrouillards")
    event = proposals.proposal_accept(proposal=proposal, by=staff)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.event == event
    assert event.status == EventStatus.DRAFT
    assert event.title == proposal.title and event.type == proposal.type
    name = proposal.proposer.profile.public_name
    assert name in event.speakers and name in event.description
    assert "Les Petits Débrouillards" in event.description
    assert event.ends_at > event.starts_at
    with pytest.raises(proposals.ProposalError):  # accepted twice: still one event
        proposals.proposal_accept(proposal=proposal, by=staff)
    assert Event.objects.count() == 1


def test_the_admin_accepts_from_the_proposal_page(admin_client):
    proposal = ProposalFactory()
    url = reverse("admin:community_proposal_change", args=[proposal.pk])
    data = {
        "title": proposal.title,
        "type": proposal.type.pk,
        "description": proposal.description,
        "format": proposal.format,
        "wished_period": proposal.wished_period,
        "needs": "",
        "partner": "",
        "group": "",
        "decision": "accept",
        "message": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED and proposal.event.status == EventStatus.DRAFT


def test_publishing_the_event_mails_proposer_and_supporters_once(staff, mailoutbox, django_capture_on_commit_callbacks):
    proposal = ProposalFactory()
    supporters = [VerifiedMemberFactory(), VerifiedMemberFactory()]
    for supporter in supporters:
        proposals.proposal_support(proposal=proposal, user=supporter)
    event = proposals.proposal_accept(proposal=proposal, by=staff)
    mailoutbox.clear()
    event.status = EventStatus.PUBLISHED
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert proposals.proposal_event_published(event=event) is True
    recipients = sorted(mail.to[0] for mail in mailoutbox)
    assert recipients == sorted([proposal.proposer.email, *(s.email for s in supporters)])
    assert all(event.get_absolute_url() in mail.body for mail in mailoutbox)
    # Back to draft and published again: nobody is e-mailed a second time.
    with django_capture_on_commit_callbacks(execute=True):
        assert proposals.proposal_event_published(event=event) is False
    assert len(mailoutbox) == 3


def test_an_event_from_no_proposal_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    from events.tests.factories import EventFactory

    with django_capture_on_commit_callbacks(execute=True):
        assert proposals.proposal_event_published(event=EventFactory()) is False
    assert mailoutbox == []


def test_the_list_sorts_by_support_and_filters_by_state(client):
    member = VerifiedMemberFactory()
    quiet = ProposalFactory(title="Projection tranquille")
    popular = ProposalFactory(title="Concert populaire")
    ProposalFactory(title="Idée déclinée", state=ProposalState.DECLINED)
    for _n in range(2):
        proposals.proposal_support(proposal=popular, user=VerifiedMemberFactory())
    client.force_login(member)
    page = client.get(reverse("proposals:list"), {"sort": "supports", "state": "submitted"}).content.decode()
    assert page.index("Concert populaire") < page.index("Projection tranquille")
    assert "Idée déclinée" not in page
    assert quiet.title in page
    unfiltered = client.get(reverse("proposals:list")).content.decode()
    assert "Idée déclinée" in unfiltered and unfiltered.index("Idée déclinée") < unfiltered.index("Concert populaire")


def test_the_page_shows_the_support_button_and_the_event_once_published(client, staff):
    member = VerifiedMemberFactory()
    proposal = ProposalFactory()
    client.force_login(member)
    url = reverse("proposals:detail", args=[proposal.pk])
    assert "Soutenir" in client.get(url).content.decode()
    client.post(reverse("proposals:support", args=[proposal.pk]), {"action": "support"})
    page = client.get(url).content.decode()
    assert "Retirer mon soutien" in page and "1 soutien" in page
    event = proposals.proposal_accept(proposal=proposal, by=staff)
    event.status = EventStatus.PUBLISHED
    event.save()
    page = client.get(url).content.decode()
    assert event.get_absolute_url() in page


def test_the_api_lists_and_supports(client):
    member = VerifiedMemberFactory()
    proposal = ProposalFactory()
    client.force_login(member)
    assert client.get("/api/v1/proposals/").json()["results"][0]["id"] == proposal.pk
    answer = client.post(f"/api/v1/proposals/{proposal.pk}/support/").json()
    assert answer["support_count"] == 1 and answer["supported"] is True
    answer = client.delete(f"/api/v1/proposals/{proposal.pk}/support/").json()
    assert answer["support_count"] == 0
    created = client.post(
        "/api/v1/proposals/",
        {"title": "Expo photo", "type": proposal.type.slug, "description": "d", "format": "f", "wished_period": "p"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["state"] == "submitted"
    bad = client.post("/api/v1/proposals/", {"title": "x", "type": "nope"}, content_type="application/json")
    assert bad.status_code == 400
    assert client.get("/api/v1/proposals/", {"state": "nope"}).status_code == 400


def test_the_api_is_behind_the_wall(client):
    proposal = ProposalFactory()
    assert client.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 401
    client.force_login(UserFactory())
    assert client.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 403


def test_staff_publishing_the_event_in_the_admin_mails_the_supporters_once(
    staff, staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    from events.tests.test_admin import _change_form_data

    proposal = ProposalFactory()
    supporter = VerifiedMemberFactory()
    proposals.proposal_support(proposal=proposal, user=supporter)
    event = proposals.proposal_accept(proposal=proposal, by=staff)
    url = reverse("admin:events_event_change", args=[event.pk])
    for status in ("published", "draft", "published"):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(
                url, _change_form_data(event, status=status, speakers=event.speakers, capacity=30)
            )
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(mail.to[0] for mail in mailoutbox if "réservez" in mail.subject) == sorted(
        [proposal.proposer.email, supporter.email]
    )
