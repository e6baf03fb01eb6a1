"""The agenda and bookings for the app. The agenda is public, filtered by the agenda page's
FilterSet, and answers conditional GETs (ETag → 304). Bookings go through the site's form, rate
limits and `booking_create`; a member lists and cancels their own (404 for anyone else's)."""

from django.db.models import Max
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from club.api import form_errors
from club.api_schema import errors

from . import selectors, services
from .filters import EventFilter
from .forms import BookingForm, booking_allowed
from .models import Booking, BookingMode, BookingStatus, Event, EventStatus
from .tokens import booking_token

PUBLIC_CACHE = "public, max-age=60"


class EventSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField()
    type = serializers.SlugField(source="type.slug")
    type_name = serializers.CharField(source="type.name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.CharField(source="room.name", allow_null=True, default=None)
    partners = serializers.SerializerMethodField()
    speakers = serializers.ListField(child=serializers.CharField(), source="speaker_list")
    status = serializers.ChoiceField(choices=EventStatus.choices)
    booking_mode = serializers.ChoiceField(choices=BookingMode.choices)
    booking_state = serializers.ChoiceField(choices=["none", "cancelled", "past", "not_yet", "closed", "open"])
    capacity = serializers.IntegerField()
    seats_left = serializers.IntegerField()
    max_seats_per_booking = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="The event's page on the site.")

    def get_partners(self, event) -> list[str]:
        # Filtered here too: the agenda prefetches active partners only, a booking's event does not.
        return [partner.name for partner in event.partners.all() if partner.is_active]

    def get_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(event.get_absolute_url())


def _agenda_etag(request, *args, **kwargs) -> str:
    """Changes when any event or its seats change (bookings touch `updated_at`), and when an event
    leaves the agenda because it is over, so a revalidated list is never stale."""
    latest = Event.objects.aggregate(latest=Max("updated_at"))["latest"]
    upcoming = selectors.agenda_public_count()
    return f"{latest.timestamp() if latest else 0}-{upcoming}-{timezone.localdate()}"


class PublicView(generics.GenericAPIView):
    permission_classes = [AllowAny]
    serializer_class = EventSerializer

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = PUBLIC_CACHE
        return response


@extend_schema(tags=["agenda"])
@method_decorator(condition(etag_func=_agenda_etag), name="get")
class EventList(PublicView):
    """The upcoming events (running ones included), soonest first, with the agenda's filters.
    Public. Answers If-None-Match with 304 when nothing changed."""

    filterset_class = EventFilter

    def get_queryset(self):
        return Event.objects.all()

    def filter_queryset(self, queryset):
        filterset = EventFilter(self.request.query_params, queryset=queryset, request=self.request)
        if not filterset.is_valid():
            raise ApiValidationError(form_errors(filterset.form))
        return selectors.agenda(filters=filterset)

    @extend_schema(responses={200: EventSerializer(many=True), **errors(400)})
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["agenda"])
class EventDetail(PublicView):
    """A published (or cancelled) event. Public."""

    @extend_schema(responses={200: EventSerializer, **errors(404)})
    def get(self, request, slug):
        event = selectors.event_for_page(slug=slug, user=request.user)
        if event is None:
            raise Http404
        return Response(self.get_serializer(event).data)


# --- Bookings ------------------------------------------------------------------------------------
class BookingInputSerializer(serializers.Serializer):
    event = serializers.SlugField(help_text="The event's slug.")
    name = serializers.CharField(required=False, allow_blank=True, help_text="Defaults to the member's name.")
    email = serializers.CharField(required=False, allow_blank=True, help_text="Defaults to the member's e-mail.")
    seats = serializers.IntegerField()
    accessibility_needs = serializers.CharField(required=False, allow_blank=True)
    join_waiting_list = serializers.BooleanField(default=True)
    consent = serializers.BooleanField(help_text="Must be true: the club keeps these details to run the booking.")


class BookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = EventSerializer()
    name = serializers.CharField()
    email = serializers.EmailField()
    seats = serializers.IntegerField()
    accessibility_needs = serializers.CharField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    created_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="The booking's page (ticket, cancellation) on the site.")

    def get_url(self, booking) -> str:
        return self.context["request"].build_absolute_uri(reverse("events:booking", args=[booking_token(booking)]))


@extend_schema(tags=["bookings"])
class BookingList(generics.GenericAPIView):
    """Book seats (anyone: the same rules and limits as the site's form), or list one's own
    bookings (logged in: made logged in or with the account's e-mail)."""

    serializer_class = BookingSerializer
    queryset = Booking.objects.none()  # for the schema; the views use selectors.bookings_of

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses={200: BookingSerializer(many=True), **errors(401)})
    def get(self, request):
        page = self.paginate_queryset(selectors.bookings_of(user=request.user).prefetch_related("event__partners"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=BookingInputSerializer, responses={201: BookingSerializer, **errors(400, 429)})
    def post(self, request):
        given = BookingInputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        event = selectors.event_for_page(slug=data.pop("event"), user=request.user)
        if event is None:
            raise ApiValidationError({"event": [_("Cet évènement n'existe pas.")]})
        if request.user.is_authenticated:  # a member books for themself unless told otherwise
            data["name"] = data.get("name") or request.user.profile.display_name or request.user.get_full_name()
            data["email"] = data.get("email") or request.user.email
        form = BookingForm(data=data, event=event)
        if not form.is_valid():
            raise ApiValidationError(form_errors(form))
        booking_kwargs = form.booking_kwargs()
        if not booking_allowed(request, booking_kwargs["email"]):
            raise Throttled(detail=_("Trop de réservations en peu de temps. Réessayez dans une heure."))
        try:
            booking = services.booking_create(
                event=event, user=request.user, language=request.LANGUAGE_CODE, **booking_kwargs
            )
        except services.BookingError as error:
            raise ApiValidationError({"non_field_errors": [str(error.message)]}) from error
        return Response(self.get_serializer(booking).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["bookings"])
class BookingCancel(generics.GenericAPIView):
    """Cancel one of one's own bookings (404 for anyone else's); seats go to the waiting list."""

    serializer_class = BookingSerializer
    queryset = Booking.objects.none()

    @extend_schema(request=None, responses={200: BookingSerializer, **errors(400, 401, 404)})
    def post(self, request, pk):
        booking = selectors.bookings_of(user=request.user).filter(pk=pk).first()
        if booking is None:
            raise Http404
        if not services.booking_cancel(booking=booking):
            raise ApiValidationError({"non_field_errors": [_("Cette réservation est déjà annulée.")]})
        booking.refresh_from_db()
        return Response(self.get_serializer(booking).data)


urlpatterns = [
    path("events/", EventList.as_view(), name="events"),
    path("events/<slug:slug>/", EventDetail.as_view(), name="event"),
    path("bookings/", BookingList.as_view(), name="bookings"),
    path("bookings/<int:pk>/cancel/", BookingCancel.as_view(), name="booking-cancel"),
]
