"""« Mes échanges », the page of one exchange and its actions, and the request sent from an
annonce's page. Each action is a POST to its own URL calling one service; a service's error is
shown next to its field (the page is rendered again, 400), a refused transition as a message."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from club.ratelimit import allow
from listings import selectors as listing_selectors
from members.wall import verified_member_required

from . import reviews, selectors, services
from .errors import ExchangeConflict, ExchangeError, ForbiddenTransition
from .forms import (
    CancelForm,
    DeclineForm,
    ExchangeMessageForm,
    HandoverForm,
    ReviewForm,
    ReviewReportForm,
    show_error,
)
from .models import ExchangeStatus
from .pages import access_revealed_review, exchange_page_context, request_panel_context

ROLES = {"provider", "receiver"}


# --- « Mes échanges » ---------------------------------------------------------------------------
@verified_member_required
@require_GET
def my_exchanges(request):
    role = request.GET.get("role") if request.GET.get("role") in ROLES else None
    status = request.GET.get("statut") if request.GET.get("statut") in ExchangeStatus.values else None
    user = request.user
    rows = list(selectors.exchanges_of(user, role=role, status=status))
    # Requests waiting for my answer first, then the open ones, then the others (newest first).
    awaiting = [e for e in rows if e.status == ExchangeStatus.REQUESTED and e.listing.author_id == user.pk]
    others = [e for e in rows if e not in awaiting]
    others.sort(key=lambda e: (e.status not in (ExchangeStatus.REQUESTED, ExchangeStatus.ACCEPTED), e.start))
    counts = selectors.exchange_status_counts(user)
    context = {
        "awaiting": awaiting,
        "exchanges": others,
        "awaiting_total": selectors.requests_awaiting(user),
        "role": role,
        "status": status,
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in ExchangeStatus.choices],
        "total": sum(counts.values()),
    }
    return render(request, "exchanges/mine.html", context)


# --- One exchange -------------------------------------------------------------------------------
def _page(request, exchange, *, status=200, **forms):
    return render(request, "exchanges/detail.html", exchange_page_context(request, exchange, **forms), status=status)


@verified_member_required
@require_GET
def exchange_detail(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    services.exchange_thread_mark_read(exchange=exchange, user=request.user)
    return _page(request, exchange)


def _refused(request, exchange, error: ExchangeError):
    messages.error(request, error.message)
    return redirect(exchange)


@verified_member_required
@require_POST
def exchange_accept(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    try:
        acceptance = services.exchange_accept(exchange=exchange, by=request.user)
    except ExchangeError as error:  # a conflict or a refused transition: said at the top
        return _refused(request, exchange, error)
    text = _("Vous avez accepté l'échange. Convenez maintenant de la remise.")
    if acceptance.declined:
        names = ", ".join(other.initiator.profile.public_name for other in acceptance.declined)
        text += " " + ngettext(
            "La demande de %(names)s sur les mêmes dates a été refusée, avec un message.",
            "Les demandes de %(names)s sur les mêmes dates ont été refusées, avec un message.",
            len(acceptance.declined),
        ) % {"names": names}
    messages.success(request, text)
    return redirect(exchange)


@verified_member_required
@require_POST
def exchange_decline(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _page(request, exchange, status=400, decline_form=form)
    try:
        services.exchange_decline(exchange=exchange, by=request.user, reason=form.cleaned_data["reason"])
    except ExchangeError as error:
        return _refused(request, exchange, error)
    messages.success(request, _("Vous avez refusé la demande. Le membre en est informé."))
    return redirect(exchange)


def _transition(request, pk, change, done: str):
    """A change that takes nothing but the member's click: run it, say it went, or say why not."""
    exchange = selectors.access_exchange(request.user, pk)
    try:
        change(exchange=exchange, by=request.user)
    except ExchangeError as error:
        return _refused(request, exchange, error)
    messages.success(request, done)
    return redirect(exchange)


@verified_member_required
@require_POST
def exchange_withdraw(request, pk):
    return _transition(request, pk, services.exchange_withdraw, _("Votre demande est retirée."))


def _form_change(request, exchange, form, form_name: str, change, done: str, *, anchor: str = "", fields=None):
    """A change that takes a form: refused transitions are said at the top of the exchange's page,
    other errors next to their field on the page re-shown (400); success says so and goes back."""
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except ForbiddenTransition as error:
            return _refused(request, exchange, error)
        except ExchangeError as error:
            show_error(form, error, fields=fields)
        else:
            messages.success(request, done)
            return redirect(exchange.get_absolute_url() + anchor)
    return _page(request, exchange, status=400, **{form_name: form})


@verified_member_required
@require_POST
def exchange_cancel(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    return _form_change(
        request,
        exchange,
        CancelForm(request.POST),
        "cancel_form",
        lambda data: services.exchange_cancel(exchange=exchange, by=request.user, reason=data["reason"]),
        _("L'échange est annulé. L'autre membre en est informé."),
    )


@verified_member_required
@require_POST
def exchange_complete(request, pk):
    return _transition(
        request, pk, services.exchange_complete, _("L'échange est terminé. Laissez un avis à l'autre membre.")
    )


@verified_member_required
@require_POST
def exchange_handover(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    if "handover" not in selectors.exchange_actions(exchange, request.user):
        messages.error(request, _("La remise se convient une fois l'échange accepté."))
        return redirect(exchange)
    return _form_change(
        request,
        exchange,
        HandoverForm(request.POST),
        "handover_form",
        lambda data: services.exchange_set_handover(
            exchange=exchange, by=request.user, place=data["place"], at=data["at"], note=data["note"]
        ),
        _("La remise est enregistrée. L'autre membre en est informé."),
        fields=HandoverForm.error_fields,
    )


@verified_member_required
@require_POST
def exchange_message(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    form = ExchangeMessageForm(request.POST)
    status = 400
    if form.is_valid():
        if not allow(request, "send_message"):
            form.add_error(None, _("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure."))
            status = 429
        else:
            try:
                services.exchange_message_send(exchange=exchange, sender=request.user, body=form.cleaned_data["body"])
            except ExchangeError as error:  # exchange_message_send says why a thread refuses
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Message envoyé."))
                return redirect(exchange.get_absolute_url() + "#fil")
    return _page(request, exchange, status=status, message_form=form)


def _error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


@verified_member_required
@require_POST
def exchange_review(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    return _form_change(
        request,
        exchange,
        ReviewForm(request.POST),
        "review_form",
        lambda data: reviews.review_write(
            exchange=exchange, author=request.user, rating=data["rating"], text=data["text"]
        ),
        _("Merci ! Votre avis est enregistré."),
        anchor="#avis",
    )


@verified_member_required
@require_POST
def review_report(request, pk, review_pk):
    exchange = selectors.access_exchange(request.user, pk)
    review = access_revealed_review(request.user, exchange, review_pk)
    return _form_change(
        request,
        exchange,
        ReviewReportForm(request.POST),
        "report_form",
        lambda data: reviews.review_report(review=review, reporter=request.user, text=data["text"]),
        _("Merci : l'équipe de modération va lire votre signalement."),
        anchor="#avis",
    )


# --- Asking, from an annonce's page ---------------------------------------------------------------
@verified_member_required
@require_http_methods(["GET", "POST"])
def exchange_request(request, listing_pk):
    """GET: the request form on a page of its own (the annonce's page shows the same panel).
    POST: the request; errors come back on this page next to their field."""
    listing = listing_selectors.access_listing(request.user, listing_pk)
    context = request_panel_context(request, listing, data=request.POST if request.method == "POST" else None)
    form = context.get("form")
    if request.method == "POST" and form is not None:
        if form.is_valid() and not allow(request, "send_message"):  # a request opens the thread with a message
            form.add_error(None, _("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure."))
            return render(request, "exchanges/request.html", context, status=429)
        if form.is_valid():
            try:
                exchange = services.exchange_request(listing=listing, initiator=request.user, **form.service_kwargs())
            except ForbiddenTransition as error:
                form.add_error(None, error.message)
            except ExchangeConflict as error:
                form.add_error(None, error.message)
                context["conflicts"] = error.conflicts
            except ExchangeError as error:
                show_error(form, error, fields=form.error_fields)
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, _error_text(error) or _("Impossible d'envoyer cette demande."))
            else:
                messages.success(request, _request_sent_text(exchange))
                return redirect(exchange)
        return render(request, "exchanges/request.html", context, status=400)
    # A POST that cannot be a request (the author, a trip that left) gets the page saying why.
    return render(request, "exchanges/request.html", context, status=400 if request.method == "POST" else 200)


def _request_sent_text(exchange) -> str:
    name = exchange.listing.author.profile.public_name
    if exchange.initiator_id == exchange.receiver_id:
        return _("Demande envoyée : %(name)s vous répondra ici, et vous serez prévenu par e-mail.") % {"name": name}
    return _("Proposition envoyée : %(name)s vous répondra ici, et vous serez prévenu par e-mail.") % {"name": name}
