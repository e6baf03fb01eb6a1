"""Pages of the alerts. Every view but the unsubscribe link is behind the wall
(members.wall.verified_member_required). A view validates input, calls one selector or service,
and renders."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from listings.models import Kind
from members.wall import verified_member_required

from . import selectors, services
from .forms import NeighbourAlertForm, SavedSearchForm
from .models import SavedSearch
from .query import describe
from .tokens import saved_search_id_from_token


def _errors_by_field(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in _errors_by_field(error).items():
        form.add_error(None if field in ("__all__", "query") or field not in form.fields else field, errors)


@verified_member_required
@require_GET
def saved_search_list(request):
    saved_searches = list(selectors.saved_searches_of(request.user))
    for saved_search in saved_searches:
        saved_search.words = describe(saved_search.query)
    return render(request, "alerts/list.html", {"saved_searches": saved_searches})


@verified_member_required
@require_http_methods(["GET", "POST"])
def saved_search_create(request):
    """« Créer une alerte » from the search page: the page's query string comes along as it stands."""
    if request.method == "POST":
        form = SavedSearchForm(request.POST)
        query = request.POST.get("query", "")
    else:
        search = request.GET.copy()
        search.pop("page", None)
        query = search.urlencode()
        form = SavedSearchForm(initial={"query": query})
    if request.method == "POST" and form.is_valid():
        try:
            saved_search = services.saved_search_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Alerte « %(label)s » créée.") % {"label": saved_search.label})
            return redirect("alerts:list")
    context = {
        "form": form,
        "words": describe(query),
        "search_query": query,
        "digest_hour": settings.ALERTS_DIGEST_HOUR,
    }
    return render(request, "alerts/form.html", context, status=400 if form.errors else 200)


@verified_member_required
@require_http_methods(["GET", "POST"])
def saved_search_edit(request, pk):
    saved_search = selectors.access_own_saved_search(request.user, pk)
    initial = {"query": saved_search.query, "label": saved_search.label, "frequency": saved_search.frequency}
    form = SavedSearchForm(request.POST or None, initial={**initial, "active": saved_search.active})
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("label", "frequency", "active")}
        try:
            services.saved_search_update(saved_search=saved_search, **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Alerte modifiée."))
            return redirect("alerts:list")
    context = {
        "form": form,
        "saved_search": saved_search,
        "words": describe(saved_search.query),
        "search_query": saved_search.query,
        "digest_hour": settings.ALERTS_DIGEST_HOUR,
    }
    return render(request, "alerts/form.html", context, status=400 if form.errors else 200)


@verified_member_required
@require_POST
def saved_search_toggle(request, pk):
    saved_search = selectors.access_own_saved_search(request.user, pk)
    services.saved_search_update(saved_search=saved_search, active=not saved_search.active)
    if saved_search.active:
        messages.success(request, _("Alerte « %(label)s » réactivée.") % {"label": saved_search.label})
    else:
        messages.success(request, _("Alerte « %(label)s » suspendue.") % {"label": saved_search.label})
    return redirect("alerts:list")


@verified_member_required
@require_http_methods(["GET", "POST"])
def saved_search_delete(request, pk):
    saved_search = selectors.access_own_saved_search(request.user, pk)
    if request.method == "POST":
        services.saved_search_delete(saved_search=saved_search)
        messages.success(request, _("Alerte supprimée."))
        return redirect("alerts:list")
    return render(request, "alerts/confirm_delete.html", {"saved_search": saved_search})


@verified_member_required
@require_GET
def saved_search_open(request, pk):
    """Open an alert as a search; what it found so far is no longer counted as new."""
    saved_search = selectors.access_own_saved_search(request.user, pk)
    services.saved_search_mark_seen(saved_search=saved_search)
    return redirect(saved_search.get_absolute_url())


@verified_member_required
@require_http_methods(["GET", "POST"])
def neighbour_alert(request):
    """« Prévenez-moi quand un voisin a besoin d'aide » : saved searches of requests near a place."""
    form = NeighbourAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = []
        try:
            for category in data["categories"] or [None]:
                query = QueryDict(mutable=True)
                query.update({"kind": Kind.REQUEST, "near": data["near"], "radius": data["radius"]})
                if category is not None:
                    query["category"] = category.slug
                created.append(
                    services.saved_search_create(
                        user=request.user, query=query.urlencode(), frequency=data["frequency"]
                    )
                )
        except ValidationError as error:
            for saved_search in created:  # all or nothing
                services.saved_search_delete(saved_search=saved_search)
            for field, errors in _errors_by_field(error).items():
                form.add_error("near" if field == "query" else None, errors)
        else:
            messages.success(request, _("C'est noté : vous serez prévenu(e) des demandes de vos voisins."))
            return redirect("alerts:list")
    return render(request, "alerts/neighbours.html", {"form": form}, status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a form; the signed token is the credential
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The e-mail's unsubscribe link, without logging in: GET asks to confirm (a link opened by a
    mail scanner changes nothing), POST turns the alert off (the button, or the mail client's
    one-click POST with List-Unsubscribe=One-Click)."""
    saved_search_id = saved_search_id_from_token(token)
    saved_search = SavedSearch.objects.filter(pk=saved_search_id).first() if saved_search_id else None
    if saved_search is None:
        raise Http404
    done = False
    if request.method == "POST":
        saved_search = services.saved_search_turn_off(saved_search_id=saved_search.pk)
        done = True
    # Only the alert's own label is shown: the page is reachable without logging in.
    context = {"saved_search": saved_search, "done": done}
    return render(request, "alerts/unsubscribe.html", context)
