"""The venue for the app: address, access, hours, whether it is open now, rooms, partners (public);
the partners' offers (verified members only, like the annonces)."""

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from club.api_schema import errors
from members.wall import IsVerifiedMember

from .filters import PartnerOfferFilter
from .models import PartnerOffer
from .offers import sanitise_html
from .selectors import partner_offers_visible, partners_public, venue_current
from .services import partner_offers_seen


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "10:00"})
class ClockTimeField(serializers.TimeField):
    """A local time of day, "HH:MM" (OpenAPI's "time" format would need a UTC offset)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class SlotSerializer(serializers.Serializer):
    opens = ClockTimeField()
    closes = ClockTimeField()


class DayHoursSerializer(serializers.Serializer):
    day = serializers.CharField()
    slots = SlotSerializer(many=True)


class OpeningExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField()
    opens = ClockTimeField(allow_null=True)
    closes = ClockTimeField(allow_null=True)
    reason = serializers.CharField()


class OpenNowSerializer(serializers.Serializer):
    is_open = serializers.BooleanField()
    until = serializers.DateTimeField(allow_null=True)
    next_open = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()


class RoomSerializer(serializers.Serializer):
    name = serializers.CharField()
    capacity = serializers.IntegerField()
    floor = serializers.CharField()
    description = serializers.CharField()


class PartnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.CharField()
    description = serializers.CharField()


class VenueSerializer(serializers.Serializer):
    name = serializers.CharField()
    tagline = serializers.CharField()
    description = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    access = serializers.CharField()
    accessibility = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    open_now = serializers.SerializerMethodField()
    hours = serializers.SerializerMethodField()
    exceptions = OpeningExceptionSerializer(many=True)
    rooms = RoomSerializer(many=True)
    partners = serializers.SerializerMethodField()

    @extend_schema_field(OpenNowSerializer)
    def get_open_now(self, venue) -> dict:
        return OpenNowSerializer(venue.opening_status()).data

    @extend_schema_field(DayHoursSerializer(many=True))
    def get_hours(self, venue) -> list[dict]:
        days = [
            {"day": str(label), "slots": [{"opens": o, "closes": c} for o, c in slots]}
            for label, slots in venue.weekly_hours()
        ]
        return DayHoursSerializer(days, many=True).data

    @extend_schema_field(PartnerSerializer(many=True))
    def get_partners(self, venue) -> list[dict]:
        return PartnerSerializer(partners_public(), many=True).data


class VenueView(APIView):
    """The place. Public."""

    permission_classes = [AllowAny]

    @extend_schema(tags=["venue"], responses={200: VenueSerializer, **errors(404)})
    def get(self, request):
        venue = venue_current()
        if venue is None:
            raise Http404
        response = Response(VenueSerializer(venue).data)
        response["Cache-Control"] = "public, max-age=60"
        return response


class OfferPartnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()
    url = serializers.CharField()
    logo = serializers.SerializerMethodField()

    def get_logo(self, partner) -> str | None:
        # The file itself (public media, served by the club): a thumbnail would cost queries per row.
        if not partner.logo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(partner.logo.url) if request else partner.logo.url


class PartnerOfferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    partner = OfferPartnerSerializer()
    title = serializers.CharField()
    summary_html = serializers.SerializerMethodField(help_text="HTML sanitised with nh3: no script, style or image.")
    summary_text = serializers.CharField()
    link = serializers.CharField(help_text="The offer on the partner's site (open outside the app).")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_summary_html(self, offer) -> str:
        return sanitise_html(offer.summary_html)


@extend_schema(tags=["venue"])
class PartnerOfferList(generics.ListAPIView):
    """The partners' offers, newest first, with the page's filters (q, partner, kind). Verified
    members only."""

    permission_classes = [IsVerifiedMember]
    serializer_class = PartnerOfferSerializer
    filterset_class = PartnerOfferFilter
    queryset = PartnerOffer.objects.none()  # for the schema; read through the selector

    def get_queryset(self):
        return partner_offers_visible()

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        partner_offers_seen(offers=page if page is not None else queryset)
        return page

    @extend_schema(responses={200: PartnerOfferSerializer(many=True), **errors(400, 401, 403)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("venue/", VenueView.as_view(), name="venue"),
    path("partner-offers/", PartnerOfferList.as_view(), name="partner-offers"),
]
