"""What the exchange pages show a given member: the actions allowed to them in the exchange's state,
its thread, the hand-over and the venue's hours, the reviews and their reveal; and the request
panel of an annonce. Reads only; the views and the template tag share them."""

import hashlib

from django.core.cache import cache
from django.http import Http404
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from club import versions
from listings.models import ExchangeUnit, Kind, Status
from members.wall import is_verified_member

from . import selectors
from .forms import CancelForm, DeclineForm, ExchangeMessageForm, HandoverForm, RequestForm, ReviewForm, ReviewReportForm
from .models import Exchange, ExchangeStatus, HandoverPlace, Review, ReviewReport
from .periods import trip_departure
from .reviews import reviews_are_revealed, reviews_revealed_at

# How each side is named, by unit: (provider, receiver).
ROLE_WORDS = {
    ExchangeUnit.DAYS: (_("Je prête"), _("J'emprunte")),
    ExchangeUnit.SEATS: (_("Je conduis"), _("Je suis passager")),
    ExchangeUnit.SLOT: (_("J'aide"), _("On m'aide")),
}
COMPLETE_LABELS = {
    ExchangeUnit.DAYS: _("C'est rendu : terminer l'échange"),
    ExchangeUnit.SEATS: _("Trajet fait : terminer l'échange"),
    ExchangeUnit.SLOT: _("C'est fait : terminer l'échange"),
}


def access_revealed_review(user, exchange: Exchange, pk) -> Review:
    """A review of `exchange` written by the other side about `user`, once revealed; else 404."""
    review = next((r for r in exchange.reviews.all() if r.pk == int(pk)), None)
    if review is None or review.subject_id != user.pk or review.hidden or not reviews_are_revealed(exchange):
        raise Http404
    return review


def exchange_page_context(request, exchange: Exchange, **forms) -> dict:
    from venue.selectors import venue_current

    user = request.user
    now = timezone.now()
    actions = set(selectors.exchange_actions(exchange, user, now=now))
    conversation, thread = selectors.exchange_thread(exchange)
    all_reviews = list(exchange.reviews.all())
    revealed = reviews_are_revealed(exchange, all_reviews, now=now)
    mine = next((r for r in all_reviews if r.author_id == user.pk), None)
    visible = selectors.visible_reviews_of(exchange, user, now=now)
    theirs = next((r for r in visible if r.author_id != user.pk), None)
    can_review = exchange.status == ExchangeStatus.COMPLETED and not revealed
    reported = theirs is not None and ReviewReport.objects.filter(review=theirs, reporter=user).exists()
    unit = exchange.unit
    provider_word, receiver_word = ROLE_WORDS.get(unit, ROLE_WORDS[ExchangeUnit.DAYS])
    handover_initial = {
        "place": exchange.handover_place or HandoverPlace.CLUB,
        "at": timezone.localtime(exchange.handover_at) if exchange.handover_at else None,
        "note": exchange.handover_note,
    }
    review_initial = {"rating": mine.rating, "text": mine.text} if mine else None
    return {
        "exchange": exchange,
        "listing": exchange.listing,
        "category": exchange.listing.category,
        "other": exchange.other_party(user),
        "is_provider": user.pk == exchange.provider_id,
        "is_author": user.pk == exchange.responder_id,
        "my_role": provider_word if user.pk == exchange.provider_id else receiver_word,
        "actions": actions,
        "complete_label": COMPLETE_LABELS.get(unit, COMPLETE_LABELS[ExchangeUnit.DAYS]),
        "conversation": conversation,
        "thread_messages": thread,
        "venue": venue_current() if "handover" in actions else None,
        "can_review": can_review,
        "my_review": mine,
        "their_review": theirs if revealed else None,
        "revealed": revealed,
        "reveal_at": reviews_revealed_at(exchange, all_reviews),
        "already_reported": reported,
        "record_available": exchange.status == ExchangeStatus.COMPLETED,
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "handover_form": forms.get("handover_form") or HandoverForm(initial=handover_initial),
        "handover_open": "handover_form" in forms,
        "message_form": forms.get("message_form") or ExchangeMessageForm(),
        "review_form": forms.get("review_form") or ReviewForm(initial=review_initial),
        "report_form": forms.get("report_form") or ReviewReportForm(),
    }


def request_panel_context(request, listing, *, data=None, mine: list | None = None) -> dict:
    """The panel of an exchangeable annonce: for another verified member, the form to ask (or, on
    a « je cherche », to offer); for its author, the requests waiting on it. `form` is None when
    the member cannot ask (the `why` says so). `mine`: the member's open requests on it, when the
    caller knows them (else one query)."""
    user = request.user
    category = listing.category
    context = {
        "listing": listing,
        "category": category,
        "unit": category.exchange_unit,
        "offer": listing.kind == Kind.OFFER,
        "form": None,
        "why": "",
        "request": request,
    }
    if not category.exchange_unit or not is_verified_member(user):
        return context
    if user.pk == listing.author_id:
        open_ones = list(selectors.pending_requests_for(listing))
        context["pending"] = [e for e in open_ones if e.status == ExchangeStatus.REQUESTED]
        context["accepted"] = [e for e in open_ones if e.status == ExchangeStatus.ACCEPTED]
        context["is_author"] = True
        return context
    if listing.status != Status.PUBLISHED:
        context["why"] = _("Cette annonce n'est plus disponible.")
        return context
    seats_left = None
    if category.exchange_unit == ExchangeUnit.SEATS:
        availability = selectors.listing_availability(listing)
        seats_left = availability.seats_left
        context["departure"] = trip_departure(listing)
        context["seats_left"] = seats_left
        context["seats_total"] = availability.seats_total
        departure = context["departure"]
        if departure is None or departure <= timezone.now():
            context["why"] = _("Ce trajet est déjà parti.")
            return context
        if listing.kind == Kind.OFFER and not seats_left:
            context["why"] = _("Ce trajet est complet.")
            return context
    context["mine"] = (
        mine
        if mine is not None
        else list(
            Exchange.objects.filter(
                listing=listing, initiator=user, status__in=(ExchangeStatus.REQUESTED, ExchangeStatus.ACCEPTED)
            )
            .order_by("start")
            .only("pk", "status", "start", "end", "unit", "seats", "created_at")
        )
    )
    context["form"] = RequestForm(data, listing=listing, seats_left=seats_left, prefix="ech")
    return context


PANEL_TEMPLATE = "exchanges/_request_panel.html"
# Stands for the member's CSRF token in a cached panel; put back on every request. Letters only:
# the {% csrf_token %} tag writes it as it is.
CSRF_SLOT = "CSRFTOKENSLOTxq"


def request_panel_html(request, listing, *, found: dict | None = None) -> str:
    """The request panel (PANEL_TEMPLATE) of an annonce's page for the member of `request`.

    The blank form is the same for every member but its CSRF token: when request_panel_key says
    so, it is rendered once with CSRF_SLOT for the token and read from the cache after; the
    member's own token goes in its place. Everything else (the author's list of requests, a
    trip's seats left, a member's open request) is rendered for them alone. `found`: what the
    caller read from the cache already (the key missing from it: not cached)."""
    if not listing.category.exchange_unit:
        return ""  # the template shows nothing either
    key = request_panel_key(request, listing)
    if key is None:
        return render_to_string(PANEL_TEMPLATE, request_panel_context(request, listing), request=request)
    html = found.get(key) if found is not None else cache.get(key)
    if html is None:
        context = request_panel_context(request, listing, mine=[])
        html = render_to_string(PANEL_TEMPLATE, {**context, "csrf_token": CSRF_SLOT})
        cache.set(key, html, 60 * 60 * 24 * 7)
    return mark_safe(html.replace(CSRF_SLOT, get_token(request)))  # noqa: S308 (our template, autoescaped)


def request_panel_key(request, listing) -> str | None:
    """The cache key of the blank request form, None when the member of `request` does not get
    the shared one: it is for a member with no open request (`listing.has_open_request` False,
    read by listings.selectors.listing_for_detail) on a published annonce by days or by slot. The
    key holds the version of the annonce (`updated_at`, status) and of its category (unit, cover
    text and link), the language, the time zone and the version of the templates."""
    user, category = request.user, listing.category
    if not (
        category.exchange_unit in (ExchangeUnit.DAYS, ExchangeUnit.SLOT)
        and getattr(listing, "has_open_request", None) is False
        and user.pk != listing.author_id
        and listing.status == Status.PUBLISHED
        and is_verified_member(user)
    ):
        return None
    stamp = listing.updated_at.timestamp() if listing.updated_at else 0
    shown = repr(
        (
            listing.pk,
            stamp,
            listing.status,
            listing.kind,
            category.pk,
            category.slug,
            category.exchange_unit,
            str(category.cover),
            category.cover_url,
            translation.get_language(),
            timezone.get_current_timezone_name(),
            versions.code_version(
                PANEL_TEMPLATE,
                "listings/_field.html",
                "exchanges/_cover.html",
                "exchanges/_when.html",
                static=("css/exchanges.css",),
            ),
        )
    )
    return "request-panel:" + hashlib.blake2s(shown.encode(), digest_size=12).hexdigest()


def listing_page_parts(request, listing) -> dict:
    """What the annonce's page (listings.views.listing_detail) shows from the exchanges: the
    calendar, the request panel and the number of exchanges its author completed. Two cache
    reads when all are cached: the versions (exchanges/versions.py), then the three parts."""
    from .templatetags.exchange_calendar import availability_html, availability_key
    from .versions import listing_name, member_name

    tokens = versions.current(listing_name(listing.pk), member_name(listing.author_id))
    calendar_token, member_token = tokens[listing_name(listing.pk)], tokens[member_name(listing.author_id)]
    keys = [
        availability_key(request, listing, token=calendar_token) if listing.category.exchange_unit else None,
        request_panel_key(request, listing) if listing.category.exchange_unit else None,
        selectors.completed_key(listing.author_id, member_token),
    ]
    found = cache.get_many([key for key in keys if key])
    return {
        "calendar_html": availability_html(request, listing, token=calendar_token, found=found),
        "request_panel_html": request_panel_html(request, listing, found=found),
        "author_completed": selectors.completed_count(listing.author_id, token=member_token, found=found),
    }
