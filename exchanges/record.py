"""The « attestation d'échange »: what a completed exchange was (who, what, when, where, its
number and the cover text), to print or download in support of a claim. Display names only:
never an e-mail address, never any contract data."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.wall import verified_member_required

from . import selectors
from .models import ExchangeStatus


def _completed(user, pk):
    exchange = selectors.access_exchange(user, pk)
    if exchange.status != ExchangeStatus.COMPLETED:
        raise Http404
    return exchange


def _context(exchange):
    return {
        "exchange": exchange,
        "listing": exchange.listing,
        "category": exchange.listing.category,
        "provider_name": exchange.provider.profile.public_name,
        "receiver_name": exchange.receiver.profile.public_name,
        "issued_at": timezone.now(),
    }


@verified_member_required
@require_GET
def exchange_record(request, pk):
    return render(request, "exchanges/record.html", _context(_completed(request.user, pk)))


@verified_member_required
@require_GET
def exchange_record_download(request, pk):
    exchange = _completed(request.user, pk)
    text = render_to_string("exchanges/record.txt", _context(exchange), request=request)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attestation-{exchange.number}.txt"'
    return response
