"""« Mes échanges » and the page of one exchange."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.wall import verified_member_required

from . import selectors


@verified_member_required
@require_GET
def my_exchanges(request):
    return render(request, "exchanges/mine.html", {"exchanges": selectors.exchanges_of(request.user)})


@verified_member_required
@require_GET
def exchange_detail(request, pk):
    exchange = selectors.access_exchange(request.user, pk)
    return render(request, "exchanges/detail.html", {"exchange": exchange})
