"""Pages of the annonces. Every view is behind the wall (members.wall.verified_member_required);
the public page for newcomers is discover_views.py.
A view validates input, calls one selector or service, and renders."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from easy_thumbnails.exceptions import InvalidImageFormatError
from easy_thumbnails.files import get_thumbnailer

from club.ratelimit import allow
from insights.services import search_log_record
from members.wall import verified_member_required
from messaging import services as messaging_services
from messaging.forms import MessageForm

from . import cards, selectors, services
from .categories import display_details
from .filters import EXTRA_FILTERS, ListingFilter
from .forms import ListingForm, ReportForm
from .models import Family, Status

PAGE_SIZE = 20
PHOTO_SIZES = {"thumb", "card", "large"}


def _markers(listings) -> list[dict]:
    return [
        {"lat": item.lat, "lng": item.lng, "title": item.title, "url": item.get_absolute_url()} for item in listings
    ]


# The search form's fields that show their own errors; htmx refreshes those slots with the results.
ERROR_SLOTS = ["q", "category", "near", "lat", "lng", "radius", "kind", "available_on", "free", "sort"]


MAX_OTHER_PLACES = 5


def _query_with(query, **changes) -> str:
    """The search's query string with some criteria changed (and no page)."""
    query = query.copy()
    for name, value in changes.items():
        query[name] = value
    return query.urlencode()


def _active_filter_count(params, extra_filters) -> int:
    """How many criteria narrow the search, for the phone's « Filtres (n) » button: the words,
    the category, the place (a postcode or a position counts once), and each secondary one."""
    names = ["q", "category", "kind", "available_on", "free", *(f.name for f in extra_filters)]
    place = bool(params.get("near") or (params.get("lat") and params.get("lng")))
    return sum(1 for name in names if params.get(name)) + place


def _filter_errors(form) -> list[dict]:
    """Each search criterion that cannot be used, for the summary shown instead of the results:
    its label, the id of the field to go to (the place's, for a position) and its messages."""
    problems = []
    for name in form.fields:  # in the form's order
        errors = form.errors.get(name)
        if not errors:
            continue
        field = form["near"] if form[name].is_hidden else form[name]
        label = _("Ma position") if form[name].is_hidden else field.label
        problems.append({"label": label, "id": field.id_for_label, "messages": errors})
    return problems


@verified_member_required(anonymous_url="listings:discover")
@require_GET
def listing_list(request):
    filterset = ListingFilter(request.GET or None, queryset=selectors.listings_visible_to(request.user))
    # A criterion the search cannot use (an unknown place, a bad date…) gives no results and says
    # why next to its field: leaving it out would list what the person did not ask for.
    usable = not filterset.is_bound or filterset.is_valid()
    point = filterset.point() if filterset.is_bound and usable else None
    results = filterset.qs if usable else filterset.queryset.none()
    page = selectors.listings_search_page(
        results,
        user=request.user,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
        point=point[:2] if point else None,
        nearest_in=filterset.before_radius if point and filterset.sort_key() == "distance" else None,
        by_text=filterset.by_text,
    )
    search_log_record(user=request.user, params=request.GET, found=page.paginator.count if usable else None)
    category = filterset.form.cleaned_data.get("category") if filterset.is_bound else None
    extra_filters = []
    if category:
        extra_filters = [
            filterset.form[name] for extra in category.schema_def.fields for name in EXTRA_FILTERS.get(extra.name, [])
        ]
    query = request.GET.copy()
    query.pop("page", None)
    resolution = filterset.form.resolution if filterset.is_bound and usable else None
    context = {
        # « Vouliez-vous dire … ? »: the other communes the place typed could mean.
        "place_others": [
            (place, _query_with(query, near=place.typed, lat="", lng=""))
            for place in (resolution.others[:MAX_OTHER_PLACES] if resolution else ())
        ],
        # « Essayez avec … »: the words typed, each typo read as the indexed word.
        "corrected": (corrected := filterset.corrected_text() if usable and filterset.is_bound else ""),
        "corrected_query": _query_with(query, q=corrected) if corrected else "",
        "filter": filterset,
        "page": page,
        "listings": page.object_list,
        "point": point,
        "filter_errors": [] if usable else _filter_errors(filterset.form),
        "radius_km": filterset.radius_km() if filterset.is_bound else None,
        "extra_filters": extra_filters,
        "error_slots": [filterset.form[name] for name in ERROR_SLOTS],
        # Secondary criteria fold away (long on a phone) unless one is in use.
        "more_filters_active": any(
            request.GET.get(name) for name in ["kind", "available_on", "free", *(f.name for f in extra_filters)]
        ),
        "active_filter_count": _active_filter_count(request.GET, extra_filters),
        "query_string": query.urlencode(),
        "markers": _markers(page.object_list),
        "tiles_url": settings.MAP_TILES_URL,
    }
    template = "listings/_results.html" if request.htmx and not request.htmx.boosted else "listings/list.html"
    return render(request, template, context)


@verified_member_required
@require_GET
def listing_detail(request, pk):
    try:
        listing = selectors.listing_for_detail(request.user, pk)
    except Http404:
        # The same page for an unknown annonce and for one the member may not see (hidden, paused,
        # expired…): it says neither which, nor who took it down.
        return render(request, "listings/gone.html", status=404)
    from exchanges.pages import listing_page_parts  # exchanges builds on listings

    is_author = listing.author_id == request.user.pk
    context = {
        "listing": listing,
        "hide_reasons": selectors.listing_hide_reasons(listing) if is_author else [],
        "main_html": cards.detail_main(
            listing, details=lambda: display_details(listing.category.schema, listing.details)
        ),
        # The calendar, the request panel, the author's completed exchanges: cached but for the
        # member's own parts (exchanges.pages.listing_page_parts).
        **listing_page_parts(request, listing),
        "is_author": is_author,
        "is_favourite": listing.is_favourite,
        "already_reported": listing.already_reported,
        "conversation_id": None if is_author else listing.my_conversation_id,
        "marker": [{"lat": listing.lat, "lng": listing.lng}],
        "tiles_url": settings.MAP_TILES_URL,
    }
    return render(request, "listings/detail.html", context)


@verified_member_required
@require_GET
def listing_choose_category(request):
    categories = selectors.categories_active()
    families = [(label, [c for c in categories if c.family == value]) for value, label in Family.choices]
    return render(request, "listings/choose_category.html", {"families": families})


@verified_member_required
@require_http_methods(["GET", "POST"])
def listing_create(request, slug):
    category = get_object_or_404(selectors.categories_active(), slug=slug)
    form = ListingForm(request.POST or None, request.FILES or None, category=category)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not allow(request, "listing_post"):
                form.add_error(
                    None, _("Vous avez publié beaucoup d'annonces en peu de temps. Réessayez dans une heure.")
                )
                return render(request, "listings/form.html", {"form": form, "category": category}, status=429)
            try:
                listing = services.listing_create(
                    author=request.user, category=category, publish="draft" not in request.POST, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if listing.status == Status.PUBLISHED:
                    messages.success(request, _("Votre annonce est publiée pour 60 jours."))
                else:
                    messages.success(request, _("Votre brouillon est enregistré. Publiez-le quand vous voulez."))
                return redirect(listing)
        status = 400
    return render(request, "listings/form.html", {"form": form, "category": category}, status=status)


@verified_member_required
@require_http_methods(["GET", "POST"])
def listing_edit(request, pk):
    listing = selectors.access_own_listing(request.user, pk)
    if listing.status == Status.HIDDEN:
        messages.error(request, _("Cette annonce est masquée par la modération : elle ne peut pas être modifiée."))
        return redirect("listings:mine")
    form = ListingForm(request.POST or None, request.FILES or None, instance=listing, category=listing.category)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            kwargs = form.service_kwargs()
            try:
                services.listing_update(
                    listing=listing,
                    remove_photo_ids=[p.pk for p in form.cleaned_data.get("remove_photos") or []],
                    publish="publish" in request.POST,
                    **kwargs,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Vos modifications sont enregistrées."))
                return redirect(listing)
        status = 400
    context = {"form": form, "category": listing.category, "listing": listing}
    return render(request, "listings/form.html", context, status=status)


ACTION_MESSAGES = {
    "publish": _("Votre annonce est publiée pour 60 jours."),
    "pause": _("Votre annonce est en pause : elle n'apparaît plus dans les recherches."),
    "resume": _("Votre annonce est de nouveau visible."),
    "close": _("Votre annonce est terminée. Merci d'avoir partagé !"),
    "renew": _("Votre annonce est prolongée de 60 jours."),
}


@verified_member_required
@require_POST
def listing_action(request, pk, action):
    listing = selectors.access_own_listing(request.user, pk)
    if action not in ACTION_MESSAGES:
        raise Http404
    try:
        services.listing_change_status(listing=listing, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(ACTION_MESSAGES[action]))
    return redirect(listing if request.POST.get("next") == "detail" else "listings:mine")


@verified_member_required
@require_http_methods(["GET", "POST"])
def listing_delete(request, pk):
    listing = selectors.access_own_listing(request.user, pk)
    context = {"listing": listing, "has_exchanges": services.listing_has_exchanges(listing)}
    if request.method == "POST":
        try:
            deleted = services.listing_delete(listing=listing)
        except ValidationError as error:
            context["error"] = error.messages[0]
            return render(request, "listings/confirm_delete.html", context, status=409)
        if deleted:
            messages.success(request, _("L'annonce « %(title)s » est supprimée.") % {"title": listing.title})
        else:
            messages.success(
                request,
                _(
                    "L'annonce « %(title)s » est retirée : les échanges à son sujet et leurs avis restent "
                    "dans votre historique et dans celui des autres membres."
                )
                % {"title": listing.title},
            )
        return redirect("listings:mine")
    return render(request, "listings/confirm_delete.html", context)


@verified_member_required
@require_GET
def my_listings(request):
    counts = selectors.listing_status_counts(request.user)
    status = request.GET.get("statut") if request.GET.get("statut") in Status.values else None
    context = {
        "listings": selectors.listings_of_author(request.user, status=status),
        "current_status": status,
        "total": sum(counts.values()),
        "status_counts": [(value, label, counts[value]) for value, label in Status.choices if counts.get(value)],
    }
    return render(request, "listings/mine.html", context)


@verified_member_required
@require_GET
def favourites(request):
    page = Paginator(selectors.favourites_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "listings/favourites.html", {"page": page, "listings": page.object_list})


@verified_member_required
@require_POST
def favourite_toggle(request, pk):
    listing = selectors.access_listing(request.user, pk)
    is_favourite = services.favourite_toggle(user=request.user, listing=listing)
    if request.htmx:
        return render(request, "listings/_favourite_button.html", {"listing": listing, "is_favourite": is_favourite})
    messages.success(request, _("Ajoutée à vos favoris.") if is_favourite else _("Retirée de vos favoris."))
    return redirect(listing)


@verified_member_required
@require_http_methods(["GET", "POST"])
def listing_report(request, pk):
    listing = selectors.access_listing(request.user, pk)
    if listing.author_id == request.user.pk:
        raise Http404
    if listing.reports.filter(reporter=request.user).exists():
        messages.info(request, _("Vous avez déjà signalé cette annonce. Notre équipe l'examine."))
        return redirect(listing)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not allow(request, "report"):
                form.add_error(None, _("Trop de signalements en peu de temps. Réessayez plus tard."))
                return render(request, "listings/report.html", {"form": form, "listing": listing}, status=429)
            try:
                services.report_create(listing=listing, reporter=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Merci. Notre équipe va examiner cette annonce."))
                return redirect(listing)
        status = 400
    return render(request, "listings/report.html", {"form": form, "listing": listing}, status=status)


@verified_member_required
@require_POST
def listing_contact(request, pk):
    listing = selectors.access_listing(request.user, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez un message avant d'envoyer."))
        return redirect(listing)
    if not allow(request, "send_message"):
        messages.error(request, _("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure."))
        return redirect(listing)
    try:
        message = messaging_services.conversation_start(
            listing=listing, sender=request.user, body=form.cleaned_data["body"]
        )
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Vous ne pouvez pas écrire au sujet de cette annonce."))
        return redirect(listing)
    messages.success(request, _("Message envoyé. Vous serez prévenu par e-mail de la réponse."))
    return redirect(message.conversation)


@verified_member_required
@require_GET
def photo(request, pk, size):
    """Photos are never public media: they are served here, behind the wall and access_listing's
    rule. In production set LISTINGS_PHOTO_ACCEL_PREFIX so that nginx sends the file
    (X-Accel-Redirect to an `internal` location aliasing MEDIA_ROOT)."""
    return photo_response(request.user, pk, size)


def photo_response(user, pk, size) -> HttpResponse:
    """The photo's file at one of PHOTO_SIZES if `user` may see it (access_photo), else 404.
    Shared by the page view above and the app's API."""
    if size not in PHOTO_SIZES:
        raise Http404
    listing_photo = selectors.access_photo(user, pk)
    try:
        file = get_thumbnailer(listing_photo.image)[size]
    except (OSError, InvalidImageFormatError) as error:  # a missing or unreadable source file
        raise Http404 from error
    prefix = settings.LISTINGS_PHOTO_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type="")
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + file.name
    else:
        response = FileResponse(file.storage.open(file.name, "rb"))
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
