import zlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from club import page_cache
from club.page_cache import public_page
from venue.selectors import venue_current

from . import selectors, seo, services
from .filters import EventFilter
from .forms import BookingForm, CheckInSearchForm, booking_allowed
from .ical import agenda_ics, event_ics
from .models import Booking, Event
from .tokens import booking_id_from_token, booking_token, checkin_token

PAGE_SIZE = 12
_EVENT_SHAPE = zlib.crc32(" ".join(field.attname for field in Event._meta.concrete_fields).encode())


def _agenda_page(request, *, archive: bool):
    # Only the criteria the agenda reads: they make the page, and the key of its cached parts.
    criteria = [(name, request.GET.getlist(name)) for name in AGENDA_PARAMS if name in request.GET]
    query = QueryDict(mutable=True)
    for name, values in criteria:
        if name != "page":
            query.setlist(name, values)

    def render_parts() -> dict:
        filterset = EventFilter(request.GET or None, queryset=Event.objects.all())
        valid = filterset.is_valid()
        select = selectors.agenda_archive if archive else selectors.agenda
        # The criteria it can use narrow the agenda; one it cannot says so next to its field.
        events = select(filters=filterset if filterset.is_bound else None)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        parts = {
            "filterset": filterset,
            "archive": archive,
            "querystring": query.urlencode(),
            "filters_active": valid and any(filterset.form.cleaned_data.values()),
            "page_obj": page,
            "events": page.object_list,
        }
        return {
            name: render_to_string(f"events/_agenda_{name}.html", parts, request)
            for name in ("filters", "count", "results", "oob_errors")
        }

    # The same for every visitor (members included): the filters, the count and the cards, kept
    # by criteria, language and version; a hit costs no query of the agenda's.
    context = {
        "archive": archive,
        "agenda": page_cache.fragment("agenda", (archive, sorted(criteria)), render_parts),
    }
    if request.htmx and request.htmx.target == "agenda-results":
        return render(request, "events/_agenda_htmx.html", context)
    return render(request, "events/agenda.html", context)


AGENDA_PARAMS = ("type", "period", "date_from", "date_to", "page")


@public_page(query_params=AGENDA_PARAMS)
@require_safe
def agenda(request):
    return _agenda_page(request, archive=False)


@public_page(query_params=AGENDA_PARAMS)
@require_safe
def archive(request):
    return _agenda_page(request, archive=True)


def _event_or_404(slug: str, user, *, fresh: bool = False) -> Event:
    """The event's page for `user`: 404 for a draft, or during its early access for anyone not let in."""
    if fresh:
        event = selectors.event_visible(slug=slug)
    else:
        # The event with its type, room and partners, kept under the pages' version: a booking or
        # an edit bumps it, so its seats are never stale (the booking service locks and re-reads).
        # Keyed by the model's columns too: after a deploy that changes them, no old pickle is read.
        event = page_cache.fragment("event", (slug, _EVENT_SHAPE), lambda: selectors.event_visible(slug=slug))
    if event is not None and not selectors.event_open_to(event=event, user=user):
        event = None
    if event is None:
        raise Http404
    return event


def _initial_for(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {"name": user.profile.display_name or user.get_full_name(), "email": user.email}


@public_page
@require_http_methods(["GET", "HEAD", "POST"])
def event_detail(request, slug):
    event = _event_or_404(slug, request.user)
    status = 200
    resend_email = None
    if request.method == "POST":
        form = BookingForm(request.POST, event=event)
        if form.is_bot:
            # Say nothing useful to a bot, and book nothing.
            messages.info(request, _("Merci, votre demande a bien été reçue."))
            return redirect(event)
        if form.is_valid():
            booking_kwargs = form.booking_kwargs()
            if not booking_allowed(request, booking_kwargs["email"]):
                form.add_error(None, _("Trop de réservations en peu de temps. Réessayez dans une heure."))
                status = 429
            else:
                try:
                    booking = services.booking_create(
                        event=event, user=request.user, language=request.LANGUAGE_CODE, **booking_kwargs
                    )
                except services.BookingError as error:
                    form.add_error(None, error.message)
                    if error.code == "duplicate":
                        resend_email = booking_kwargs["email"]
                    event = _event_or_404(slug, request.user, fresh=True)  # seats changed meanwhile
                else:
                    url = reverse("events:booking", args=[booking_token(booking)])
                    if request.htmx:
                        return HttpResponseClientRedirect(url)
                    return redirect(url)
        if request.htmx:
            return render(
                request, "events/_booking_panel.html", {"event": event, "form": form, "resend_email": resend_email}
            )
    else:
        form = BookingForm(event=event, initial=_initial_for(request.user))
    venue = venue_current()
    url = seo.absolute(event.get_absolute_url())
    mine = selectors.booking_active_of(user=request.user, event=event)
    context = {
        "event": event,
        "form": form,
        "early_access": not event.is_public(),
        "my_booking": mine,
        "resend_email": resend_email,
        "my_booking_token": booking_token(mine) if mine else None,
        "venue": venue,
        "absolute_url": url,
        "share_text": f"{event.title} – {settings.CLUB_NAME}",
        "og_image": lambda: seo.event_image_url(event),
        # Callables: resolved only when the page's cached parts are rendered again.
        "jsonld": lambda: seo.event_jsonld(event, venue),
        "map_tiles_url": settings.MAP_TILES_URL,
        # Free-entry events (exhibitions): whether the doors are open right now.
        "opening": venue.opening_status() if venue and not event.needs_booking else None,
    }
    return render(request, "events/event_detail.html", context, status=status)


@never_cache
@require_safe
def booking_form(request, slug):
    """The booking form on its own, with this visitor's CSRF token: the cached event page loads it
    into its booking panel (htmx) or, without JavaScript, links to it as a page of its own."""
    event = _event_or_404(slug, request.user)
    mine = selectors.booking_active_of(user=request.user, event=event)
    context = {
        "event": event,
        "form": BookingForm(event=event, initial=_initial_for(request.user)),
        "my_booking": mine,
        "my_booking_token": booking_token(mine) if mine else None,
    }
    if request.htmx:
        return render(request, "events/_booking_panel.html", context)
    return render(request, "events/booking_form.html", context)


@require_http_methods(["POST"])
def booking_resend(request, slug):
    """Send the booking e-mail again to the address that booked (it goes to that inbox only)."""
    event = _event_or_404(slug, request.user)
    email = services.normalize_email(request.POST.get("email", ""))
    if email and booking_allowed(request, email):
        services.booking_mail_resend(event=event, email=email)
    # The same answer whatever happened: this form must not tell who booked.
    messages.info(request, _("Si une réservation existe avec cette adresse, l'e-mail vient de lui être renvoyé."))
    return redirect(event)


@require_GET
def event_calendar(request, slug):
    event = _event_or_404(slug, request.user)
    response = HttpResponse(event_ics(event, venue_current()), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_GET
def agenda_feed(request):
    events = selectors.agenda_feed()
    body = agenda_ics(events, venue_current(), name=_("Agenda du Club"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _booking_from_token(token: str) -> Booking:
    booking_id = booking_id_from_token(token)
    booking = selectors.booking_for_mail(booking_id) if booking_id else None
    if booking is None:
        raise Http404
    return booking


@require_GET
def booking_detail(request, token):
    """The booking's own page (reached from the signed link): status, details, and the ticket."""
    import segno
    from django.utils.safestring import mark_safe

    booking = _booking_from_token(token)
    ticket = None
    if booking.status == "confirmed" and not booking.event.is_cancelled:
        qr = segno.make(checkin_token(booking), error="m")
        ticket = mark_safe(qr.svg_inline(scale=5, dark="#1d2433", omitsize=True))  # noqa: S308 - segno's own SVG
    return render(
        request,
        "events/booking_detail.html",
        {"booking": booking, "event": booking.event, "token": token, "venue": venue_current(), "ticket": ticket},
    )


@require_http_methods(["GET", "POST"])
def booking_cancel(request, token):
    """GET asks for confirmation (mail scanners follow links); POST cancels."""
    booking = _booking_from_token(token)
    context = {"booking": booking, "event": booking.event, "token": token}
    if not booking.is_active:
        return render(request, "events/booking_cancel.html", context | {"already": True}, status=410)
    if request.method == "POST":
        services.booking_cancel(booking=booking)
        messages.success(request, _("Votre réservation est annulée. Merci d'avoir libéré vos places."))
        return redirect(booking.event)
    return render(request, "events/booking_cancel.html", context)


@login_required
@require_GET
def my_bookings(request):
    bookings = list(selectors.bookings_of(user=request.user))
    for booking in bookings:
        booking.token = booking_token(booking)
    from django.utils import timezone

    now = timezone.now()
    return render(
        request,
        "events/my_bookings.html",
        {
            "upcoming": [b for b in bookings if b.event.ends_at >= now and b.is_active],
            "past": [b for b in bookings if b.event.ends_at < now or not b.is_active],
        },
    )


def _staff_only(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if not request.user.is_staff:
        raise Http404
    return None


def _int_or_404(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise Http404 from error


CHECKIN_MESSAGES = {
    "ok": ("success", _("Bienvenue ! Arrivée enregistrée.")),
    "already": ("warning", _("Ce billet a déjà été utilisé.")),
    "other_event": ("error", _("Ce billet est pour un autre évènement.")),
    "not_confirmed": ("error", _("Cette réservation n'est pas confirmée (annulée ou en liste d'attente).")),
    "invalid": ("error", _("Billet illisible ou non reconnu.")),
}


@require_http_methods(["GET", "POST"])
def checkin(request, slug):
    refused = _staff_only(request)
    if refused:
        return refused
    event = get_object_or_404(Event, slug=slug)
    result = None
    if request.method == "POST":
        if request.POST.get("undo"):
            booking = get_object_or_404(Booking, pk=_int_or_404(request.POST["undo"]), event=event)
            services.booking_check_in_undo(booking=booking)
        elif request.POST.get("token"):
            result = services.booking_check_in(event=event, token=request.POST["token"])
        elif request.POST.get("booking"):
            result = services.booking_check_in(event=event, booking_id=_int_or_404(request.POST["booking"]))
        if not request.htmx:
            if result is not None:
                level, text = CHECKIN_MESSAGES[result.code]
                who = f" {result.booking.name} ({result.booking.seats})" if result.booking else ""
                getattr(messages, level)(request, f"{text}{who}")
            return redirect(request.get_full_path())
    search = CheckInSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "event": event,
        "search": search,
        "query": query,
        "bookings": selectors.checkin_bookings(event=event, query=query),
        "counts": selectors.checkin_counts(event=event),
        "result": result,
        "result_message": CHECKIN_MESSAGES[result.code] if result else None,
    }
    if request.htmx:
        return render(request, "events/_checkin_live.html", context)
    return render(request, "events/checkin.html", context)
