"""Proposals for the venue: the rules (writes), reads and checked fetches, in one place.

States: submitted → question_asked (staff asked; the proposer answers in a comment, which puts it
back to submitted) → accepted (a draft event is made from it, linked, the proposer credited) or
declined (with a reason). Open proposals (submitted, question asked) take supports and comments.
Supports: one per member and proposal (a unique constraint; two requests at once make one row),
`support_count` kept under a row lock on the proposal."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from club.queue import enqueue_after_commit
from members.wall import is_verified_member

from .models import Proposal, ProposalComment, ProposalState, ProposalSupport


class ProposalError(ValidationError):
    """A rule of proposals refused the change; its message is for the member."""


def _require_verified(user) -> None:
    if not is_verified_member(user):
        raise PermissionDenied(_("Réservé aux sociétaires vérifiés."))


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


# --- Reads ----------------------------------------------------------------------------------


def proposals_listed(user):
    """Every proposal (members see them all), with `supported` (whether `user` supports it)."""
    mine = ProposalSupport.objects.filter(proposal=OuterRef("pk"), user=user)
    return Proposal.objects.select_related("type", "proposer__profile", "event").annotate(supported=Exists(mine))


def proposal_supported_by(proposal: Proposal, user) -> bool:
    return ProposalSupport.objects.filter(proposal=proposal, user=user).exists()


def proposal_event_open_to(proposal: Proposal, user) -> bool:
    """Whether the proposal's event is published and `user` may open it now (it may still be in
    its early access: events.selectors.event_open_to)."""
    from events.selectors import event_open_to

    event = proposal.event
    return bool(event and event.status == "published" and event_open_to(event=event, user=user))


def proposal_comments(proposal: Proposal):
    return proposal.comments.select_related("author__profile")


def access_proposal(user, pk) -> Proposal:
    """A proposal, for a verified member (callers are behind the wall); 404 if none."""
    if not is_verified_member(user):
        raise Http404
    return get_object_or_404(proposals_listed(user), pk=pk)


# --- Writes by members ----------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    proposer,
    title: str,
    type,
    description: str,
    format: str,
    wished_period: str,
    needs: str = "",
    partner: str = "",
    group=None,
) -> Proposal:
    """A verified member proposes an event. The group, if any, must be one they are an active
    member of."""
    _require_verified(proposer)
    if group is not None and not group.memberships.filter(user=proposer, status="active").exists():
        raise ProposalError({"group": _("Vous n'êtes pas membre de ce groupe.")})
    return Proposal.objects.create(
        proposer=proposer,
        title=title.strip(),
        type=type,
        description=description.strip(),
        format=format.strip(),
        wished_period=wished_period.strip(),
        needs=needs.strip(),
        partner=partner.strip(),
        group=group,
    )


@transaction.atomic
def proposal_support(*, proposal: Proposal, user) -> bool:
    """A verified member supports an open proposal, once (a second time changes nothing; two
    requests at once: the unique constraint keeps one row). Returns whether a support was added.
    Lock: the proposal's row, while the counter moves."""
    _require_verified(user)
    proposal = _locked(proposal)
    if not proposal.is_open:
        raise ProposalError(_("Cette proposition n'est plus ouverte au soutien."))
    try:
        with transaction.atomic():
            ProposalSupport.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        return False
    Proposal.objects.filter(pk=proposal.pk).update(support_count=proposal.support_count + 1)
    return True


@transaction.atomic
def proposal_unsupport(*, proposal: Proposal, user) -> bool:
    """A member withdraws their support (whatever the state). Returns whether there was one."""
    proposal = _locked(proposal)
    deleted, _rows = ProposalSupport.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=max(proposal.support_count - 1, 0))
    return bool(deleted)


@transaction.atomic
def proposal_comment(*, proposal: Proposal, author, text: str) -> ProposalComment:
    """A verified member comments an open proposal. The proposer answering the staff's question
    puts the proposal back to « submitted »."""
    _require_verified(author)
    proposal = _locked(proposal)
    if not proposal.is_open:
        raise ProposalError(_("Cette proposition est close aux commentaires."))
    text = text.strip()
    if not text:
        raise ProposalError({"text": _("Écrivez un commentaire.")})
    comment = ProposalComment.objects.create(proposal=proposal, author=author, text=text)
    if proposal.state == ProposalState.QUESTION and author.pk == proposal.proposer_id:
        proposal.state = ProposalState.SUBMITTED
        proposal.save(update_fields=["state"])
    return comment


# --- Staff review ---------------------------------------------------------------------------


def _require_open(proposal: Proposal) -> None:
    if not proposal.is_open:
        raise ProposalError(_("Cette proposition a déjà été décidée."))


@transaction.atomic
def proposal_ask_question(*, proposal: Proposal, by, question: str) -> Proposal:
    """Staff ask the proposer a question (shown on the page, e-mailed to the proposer)."""
    from .tasks import notify_proposal_decision

    proposal = _locked(proposal)
    _require_open(proposal)
    if not question.strip():
        raise ProposalError({"staff_message": _("Écrivez la question.")})
    proposal.state, proposal.staff_message = ProposalState.QUESTION, question.strip()
    proposal.save(update_fields=["state", "staff_message"])
    enqueue_after_commit(notify_proposal_decision, proposal.pk, "question")
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, by, reason: str) -> Proposal:
    """Staff decline an open proposal, with a reason the proposer is e-mailed."""
    from .tasks import notify_proposal_decision

    proposal = _locked(proposal)
    _require_open(proposal)
    if not reason.strip():
        raise ProposalError({"staff_message": _("Donnez la raison.")})
    proposal.state, proposal.staff_message = ProposalState.DECLINED, reason.strip()
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["state", "staff_message", "decided_at"])
    enqueue_after_commit(notify_proposal_decision, proposal.pk, "declined")
    return proposal


def _placeholder_start(now: dt.datetime) -> dt.datetime:
    """Provisional dates for the draft: the first day, four weeks or more ahead, when the venue
    is open from 18:00 to 20:00 (Paris time); else that day four weeks ahead. Staff set the real
    dates before publishing (the admin checks them against the opening hours)."""
    from venue.models import PARIS
    from venue.selectors import venue_is_open

    day = timezone.localtime(now, PARIS).date() + dt.timedelta(days=28)
    for offset in range(60):
        start = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(18, 0), tzinfo=PARIS)
        if venue_is_open(start, start + dt.timedelta(hours=2)):
            return start
    return dt.datetime.combine(day, dt.time(18, 0), tzinfo=PARIS)


@transaction.atomic
def proposal_accept(*, proposal: Proposal, by, now: dt.datetime | None = None):
    """Staff accept an open proposal: a draft event is made from it (title, type, description,
    format, needs and partner in the description, provisional dates — see _placeholder_start —,
    the proposer in its speakers as « Proposé par … »), linked to the proposal. The proposer is
    e-mailed. Lock: the proposal's row, so that two accepts make one event."""
    from events.models import Event, EventStatus

    from .tasks import notify_proposal_decision

    proposal = _locked(proposal)
    _require_open(proposal)
    now = now or timezone.now()
    starts_at = _placeholder_start(now)
    base = slugify(proposal.title)[:160] or "proposition"
    slug, n = base, 1
    while Event.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    name = proposal.proposer.profile.public_name
    parts = [proposal.description, _("Format : %(format)s") % {"format": proposal.format}]
    if proposal.partner:
        parts.append(_("Avec : %(partner)s") % {"partner": proposal.partner})
    parts.append(_("Proposé par %(name)s, membre du Club.") % {"name": name})
    event = Event.objects.create(
        type=proposal.type,
        title=proposal.title,
        slug=slug,
        summary=proposal.description[:277] + ("…" if len(proposal.description) > 277 else ""),
        description="\n\n".join(parts),
        speakers=_("Proposé par %(name)s") % {"name": name},
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        status=EventStatus.DRAFT,
    )
    proposal.state, proposal.event, proposal.decided_at = ProposalState.ACCEPTED, event, now
    proposal.save(update_fields=["state", "event", "decided_at"])
    enqueue_after_commit(notify_proposal_decision, proposal.pk, "accepted")
    return event


@transaction.atomic
def proposal_event_published(*, event, now: dt.datetime | None = None) -> bool:
    """Called by events.services.event_publish, where every publication goes. If the event came
    from a proposal, its proposer and supporters get an e-mail with the booking link, before the
    public (event_publish opens the early access when this returns True) — once: `early_mail_at`
    is set under a lock on the proposal, so publishing again (after going back to draft) sends
    nothing. Returns whether the e-mails were enqueued."""
    from .tasks import notify_proposal_event

    proposal = Proposal.objects.select_for_update().filter(event_id=event.pk).first()
    if proposal is None or proposal.early_mail_at is not None:
        return False
    proposal.early_mail_at = now or timezone.now()
    proposal.save(update_fields=["early_mail_at"])
    enqueue_after_commit(notify_proposal_event, proposal.pk)
    return True
