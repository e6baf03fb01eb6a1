"""Exchanges for the app: the same selectors and services as the pages, behind the same wall
(IsVerifiedMember: anonymous → 401, not verified → 403). Someone else's exchange is 404, never 403.

How the services' refusals are answered, everywhere below:
- ExchangeError (bad input: dates in the past, end before start, blocked days…) → 400
  `{"<field>": ["message"]}`;
- ExchangeConflict (the dates or seats are taken) → 409 `{"detail": "…", "conflicts": [spans]}`;
- ForbiddenTransition (the exchange's state, or this member's side, does not allow the change:
  accepting twice, completing before the start, withdrawing someone else's request…) → 409
  `{"detail": "…"}`: a conflict with the current state, not a permission (403 means « not a
  verified sociétaire » throughout the API)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from club.api import Pagination, validation_errors
from club.api_schema import errors
from club.ratelimit import allow
from listings import selectors as listing_selectors
from listings.models import ExchangeUnit
from members.wall import IsVerifiedMember

from . import reviews, selectors, services
from .api_serializers import (
    AvailabilitySerializer,
    CancelSerializer,
    DeclineSerializer,
    ExchangeAcceptedSerializer,
    ExchangeDetailSerializer,
    ExchangeInputSerializer,
    ExchangeMessageInputSerializer,
    ExchangeSerializer,
    HandoverSerializer,
    MessageSerializer,
    ReviewInputSerializer,
)
from .errors import ExchangeConflict, ExchangeError, ForbiddenTransition
from .models import Exchange, ExchangeStatus

WALL = errors(401, 403)
# The services name the fields of the site's forms; the API's bodies are shorter.
API_FIELDS = {"handover_place": "place", "handover_at": "at", "handover_note": "note"}
EARLIEST, LATEST = 2000, 2100  # beyond these years a date is a typing error (and would overflow)


def conflict_spans(exc: ExchangeConflict, user) -> list[dict]:
    """What is in the way: the days of each, and the exchange's id when `user` is part of it."""
    spans = []
    for item in exc.conflicts:
        mine = isinstance(item, Exchange) and item.is_party(user)
        spans.append({"id": item.pk if mine else None, "first_day": item.first_day, "last_day": item.last_day})
    return spans


class ExchangeView(generics.GenericAPIView):
    permission_classes = [IsVerifiedMember]
    queryset = Exchange.objects.none()  # for the schema; the views read through the selectors
    serializer_class = ExchangeDetailSerializer
    pagination_class = None

    def handle_exception(self, exc):
        if isinstance(exc, ExchangeConflict):
            body = {"detail": exc.message, "conflicts": conflict_spans(exc, self.request.user)}
            return Response(body, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, ForbiddenTransition):
            return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, PermissionDenied):  # the thread refuses: the other member closed their account…
            detail = str(exc) or _("Impossible d'envoyer ce message.")
            return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, ExchangeError):
            field = API_FIELDS.get(exc.field, exc.field) or "non_field_errors"
            exc = ApiValidationError({field: [exc.message]})
        elif isinstance(exc, ValidationError):  # the thread's message service
            exc = ApiValidationError(validation_errors(exc))
        return super().handle_exception(exc)

    def validated(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def exchange(self, pk) -> Exchange:
        return selectors.access_exchange(self.request.user, pk)

    def detail(self, exchange, *, serializer_class=ExchangeDetailSerializer, code=200, **extra) -> Response:
        """The exchange as its party now sees it (read again: a service changed it)."""
        exchange = selectors.access_exchange(self.request.user, exchange.pk)
        data = serializer_class(exchange, context={"request": self.request, **extra}).data
        return Response(data, status=code)


def _parse(value, field: str, unit: str):
    """`start`/`end` as the annonce's unit wants them: a date for days, a date and time for a slot."""
    if value in (None, "") or unit == ExchangeUnit.SEATS:  # a trip's dates are its departure
        return None
    kind = serializers.DateTimeField() if unit == ExchangeUnit.SLOT else serializers.DateField()
    try:
        parsed = kind.to_internal_value(value)
    except serializers.ValidationError as error:
        raise ApiValidationError({field: error.detail}) from error
    except (OverflowError, ValueError) as error:
        raise ApiValidationError({field: [_("Date invalide.")]}) from error
    if not EARLIEST <= parsed.year <= LATEST:
        raise ApiValidationError({field: [_("Date invalide.")]})
    return parsed


# --- The list and a new request -------------------------------------------------------------------
ROLES = ["provider", "receiver"]


@extend_schema(tags=["échanges"])
class ExchangeList(ExchangeView):
    """« Mes échanges »: those where the member provides (lends, hosts, drives, helps) or receives;
    ask for an annonce's dates, seats or slot (or, on a « je cherche », propose to provide it)."""

    serializer_class = ExchangeSerializer
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("role", enum=ROLES, required=False, description="Only as provider, or as receiver."),
            OpenApiParameter("status", enum=ExchangeStatus.values, required=False),
        ],
        responses={200: ExchangeSerializer(many=True), **errors(400), **WALL},
    )
    def get(self, request):
        role, wanted = request.query_params.get("role") or None, request.query_params.get("status") or None
        if role is not None and role not in ROLES:
            raise ApiValidationError({"role": [_("« provider » ou « receiver ».")]})
        if wanted is not None and wanted not in ExchangeStatus.values:
            raise ApiValidationError({"status": [_("Statut inconnu.")]})
        page = self.paginate_queryset(selectors.exchanges_of(request.user, role=role, status=wanted))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=ExchangeInputSerializer,
        responses={201: ExchangeDetailSerializer, **errors(400, 409, 429), **WALL},
    )
    def post(self, request):
        data = self.validated(ExchangeInputSerializer)
        try:
            listing = listing_selectors.access_listing(request.user, data["listing"])
        except Http404 as error:
            raise ApiValidationError({"listing": [_("Cette annonce n'existe pas.")]}) from error
        unit = listing.category.exchange_unit
        start, end = _parse(data.get("start"), "start", unit), _parse(data.get("end"), "end", unit)
        if not allow(request, "send_message"):
            raise Throttled(
                detail=_("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure.")
            )
        exchange = services.exchange_request(
            listing=listing, initiator=request.user, start=start, end=end, seats=data["seats"], message=data["message"]
        )
        return self.detail(exchange, code=status.HTTP_201_CREATED)


# --- One exchange -------------------------------------------------------------------------------
@extend_schema(tags=["échanges"])
class ExchangeDetail(ExchangeView):
    """The exchange with its thread, what the member may do now, the mutual's cover, the hand-over
    and the reviews the member may read; 404 unless the member is part of it."""

    @extend_schema(responses={200: ExchangeDetailSerializer, **WALL, **errors(404)})
    def get(self, request, pk):
        return self.detail(self.exchange(pk))


class ActionView(ExchangeView):
    """POST with the body of `body` (or none) runs `run(exchange, user, data)`."""

    body = None

    def get_serializer_class(self):
        return self.body or ExchangeDetailSerializer

    def post(self, request, pk):
        exchange = self.exchange(pk)
        data = self.validated(self.body) if self.body else {}
        return self.run(exchange, request.user, data)


def _action(name, summary, run, body=None, response=ExchangeDetailSerializer):
    """A view for POST exchanges/<pk>/<name>/, with its own schema."""

    @extend_schema(tags=["échanges"], request=body, responses={200: response, **errors(400, 404, 409), **WALL})
    def post(self, request, pk):
        return ActionView.post(self, request, pk)

    return type(f"Exchange{name.title()}", (ActionView,), {"body": body, "run": run, "post": post, "__doc__": summary})


def _accept(self, exchange, user, data):
    acceptance = services.exchange_accept(exchange=exchange, by=user)
    declined = [other.pk for other in acceptance.declined]
    return self.detail(acceptance.exchange, serializer_class=ExchangeAcceptedSerializer, declined=declined)


def _decline(self, exchange, user, data):
    return self.detail(services.exchange_decline(exchange=exchange, by=user, reason=data.get("reason", "")))


def _withdraw(self, exchange, user, data):
    return self.detail(services.exchange_withdraw(exchange=exchange, by=user))


def _cancel(self, exchange, user, data):
    return self.detail(services.exchange_cancel(exchange=exchange, by=user, reason=data["reason"]))


def _complete(self, exchange, user, data):
    return self.detail(services.exchange_complete(exchange=exchange, by=user))


def _handover(self, exchange, user, data):
    at = data.get("at")
    if at is not None and not EARLIEST <= at.year <= LATEST:
        raise ApiValidationError({"at": [_("Date invalide.")]})
    changed = services.exchange_set_handover(
        exchange=exchange, by=user, place=data["place"], at=at, note=data.get("note", "")
    )
    return self.detail(changed)


def _review(self, exchange, user, data):
    reviews.review_write(exchange=exchange, author=user, rating=data["rating"], text=data.get("text", ""))
    return self.detail(exchange)


ExchangeAccept = _action(
    "accept",
    "The annonce's author accepts a request that has not started; the pending requests it now "
    "conflicts with are declined and listed in `declined`. 409 when the dates or seats are taken.",
    _accept,
    response=ExchangeAcceptedSerializer,
)
ExchangeDecline = _action("decline", "The annonce's author declines a pending request.", _decline, DeclineSerializer)
ExchangeWithdraw = _action("withdraw", "The member who asked takes back a pending request.", _withdraw)
ExchangeCancel = _action("cancel", "Either side cancels an accepted exchange, saying why.", _cancel, CancelSerializer)
ExchangeComplete = _action("complete", "Either side marks an accepted exchange done once it has started.", _complete)
ExchangeHandover = _action(
    "handover",
    "Either side records where and when things change hands; « club » only at the venue's opening hours.",
    _handover,
    HandoverSerializer,
)
ExchangeReview = _action(
    "review",
    "Write (or change while still private) one's review of the other side of a completed exchange. "
    "Revealed once both have written theirs or 14 days after completion.",
    _review,
    ReviewInputSerializer,
)


@extend_schema(tags=["échanges"])
class ExchangeMessages(ExchangeView):
    """Write in the exchange's thread (30 messages an hour at most, as everywhere)."""

    serializer_class = ExchangeMessageInputSerializer

    @extend_schema(
        request=ExchangeMessageInputSerializer, responses={201: MessageSerializer, **errors(400, 404, 409, 429), **WALL}
    )
    def post(self, request, pk):
        exchange = self.exchange(pk)
        body = self.validated(ExchangeMessageInputSerializer)["body"]
        if not body.strip():
            raise ApiValidationError({"body": [_("Le message est vide.")]})
        if not allow(request, "send_message"):
            raise Throttled(
                detail=_("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure.")
            )
        message = services.exchange_message_send(exchange=exchange, sender=request.user, body=body)
        return Response(MessageSerializer(message, context={"request": request}).data, status=201)


# --- An annonce's availability --------------------------------------------------------------------
@extend_schema(tags=["annonces"])
class ListingAvailability(ExchangeView):
    """What the annonce's calendar shows for the coming three months: the days taken by accepted
    exchanges and the days its author blocked (never who took them); a trip's departure and seats
    left. For any annonce the member can read (404 otherwise); `unit` is empty when the annonce's
    category is not exchanged (write to its author instead)."""

    serializer_class = AvailabilitySerializer

    @extend_schema(responses={200: AvailabilitySerializer, **WALL, **errors(404)})
    def get(self, request, pk):
        listing = listing_selectors.access_listing(request.user, pk)
        availability = selectors.listing_availability(listing)
        is_author = listing.author_id == request.user.pk
        return Response(AvailabilitySerializer(availability, context={"is_author": is_author}).data)


urlpatterns = [
    path("exchanges/", ExchangeList.as_view(), name="exchanges"),
    path("exchanges/<int:pk>/", ExchangeDetail.as_view(), name="exchange"),
    path("exchanges/<int:pk>/accept/", ExchangeAccept.as_view(), name="exchange-accept"),
    path("exchanges/<int:pk>/decline/", ExchangeDecline.as_view(), name="exchange-decline"),
    path("exchanges/<int:pk>/withdraw/", ExchangeWithdraw.as_view(), name="exchange-withdraw"),
    path("exchanges/<int:pk>/cancel/", ExchangeCancel.as_view(), name="exchange-cancel"),
    path("exchanges/<int:pk>/complete/", ExchangeComplete.as_view(), name="exchange-complete"),
    path("exchanges/<int:pk>/handover/", ExchangeHandover.as_view(), name="exchange-handover"),
    path("exchanges/<int:pk>/review/", ExchangeReview.as_view(), name="exchange-review"),
    path("exchanges/<int:pk>/messages/", ExchangeMessages.as_view(), name="exchange-messages"),
    path("listings/<int:pk>/availability/", ListingAvailability.as_view(), name="listing-availability"),
]
