"""The author's blocked days (block, unblock) and the member's private calendar feed."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from listings.models import ExchangeUnit
from listings.selectors import access_own_listing
from members.wall import verified_member_required

from . import calendar, selectors, services
from .errors import ExchangeConflict, ExchangeError


class BlockForm(forms.Form):
    first_day = forms.DateField(label=gettext_lazy("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(
        label=gettext_lazy("Au (inclus)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Le même jour pour bloquer une seule journée."),
    )


def _own_days_listing(user, pk):
    """The member's own annonce reserved by days, else 404 (others', and annonces without a calendar)."""
    listing = access_own_listing(user, pk)
    if listing.category.exchange_unit != ExchangeUnit.DAYS:
        raise Http404
    return listing


def _calendar_anchor(listing) -> str:
    return listing.get_absolute_url() + "#disponibilites"


@verified_member_required
@require_http_methods(["GET", "POST"])
def availability(request, pk):
    """The author blocks days of their annonce. A form sent back with errors is shown here, with
    the calendar, each error next to its field."""
    from .templatetags.exchange_calendar import availability_context

    listing = _own_days_listing(request.user, pk)
    form = BlockForm(request.POST or None, prefix="block")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.blocked_period_add(listing=listing, by=request.user, **form.cleaned_data)
            except ExchangeConflict as conflict:
                form.add_error(
                    "first_day",
                    _("Un échange accepté occupe déjà certains de ces jours. %(detail)s Annulez-le d'abord.")
                    % {"detail": conflict.message},
                )
            except ExchangeError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Ces jours sont bloqués : personne ne peut plus les demander."))
                return redirect(_calendar_anchor(listing))
        status = 400
    context = {"listing": listing, **availability_context(listing, request.user, form=form)}
    return render(request, "exchanges/availability.html", context, status=status)


@verified_member_required
@require_POST
def unblock(request, pk, period_pk):
    listing = _own_days_listing(request.user, pk)
    period = selectors.access_blocked_period(request.user, listing, period_pk)
    services.blocked_period_remove(period=period, by=request.user)
    messages.success(request, _("Ces jours sont de nouveau libres."))
    return redirect(_calendar_anchor(listing))


@require_GET
def feed(request, token):
    """A member's exchanges as an iCalendar feed. No login: the secret token is the key; an
    unknown or revoked token, or a member no longer verified, is 404."""
    owner = calendar.feed_owner(token)
    if owner is None:
        raise Http404
    response = HttpResponse(calendar.feed_calendar(owner), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="echanges.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@verified_member_required
@require_POST
def feed_rotate(request):
    calendar.feed_rotate(user=request.user)
    messages.success(
        request,
        _(
            "Votre agenda a une nouvelle adresse : l'ancienne ne fonctionne plus. "
            "Abonnez-vous de nouveau avec celle-ci."
        ),
    )
    return redirect("members:account")
