"""The annonces for the app: the same selectors, services, forms, FilterSet and rate limits as the
pages, behind the same wall (IsVerifiedMember: anonymous → 401, not verified → 403). Wrong ids and
other people's annonces are 404, never 403. Photos are given as URLs of the walled photo view."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from club.api import MultiPartParser, form_errors, validation_errors
from club.api_schema import errors
from club.ratelimit import allow
from members.wall import IsVerifiedMember
from messaging import services as messaging_services
from messaging.api import MessageInputSerializer, MessageSerializer, message_body, send_or_refuse

from . import selectors, services
from .filters import ListingFilter
from .forms import ListingForm, PhotosField, ReportForm
from .models import Kind, Listing, ReportReason, Status
from .views import PHOTO_SIZES, photo_response

WALL = errors(401, 403)


# --- Serializers ---------------------------------------------------------------------------------
class ExtraFieldSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["text", "int", "datetime"])
    required = serializers.BooleanField()


class CategorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(source="label")
    family = serializers.CharField()
    is_free = serializers.BooleanField()
    has_availability = serializers.BooleanField(source="schema_def.has_availability")
    availability_required = serializers.BooleanField(source="schema_def.availability_required")
    fields = ExtraFieldSerializer(source="schema_def.fields", many=True, help_text="Extra fields, sent in `details`.")


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thumb = serializers.SerializerMethodField()
    card = serializers.SerializerMethodField()
    large = serializers.SerializerMethodField()

    def _url(self, photo, size) -> str:
        url = reverse("v1:photo", args=[photo.pk, size])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_thumb(self, photo) -> str:
        return self._url(photo, "thumb")

    def get_card(self, photo) -> str:
        return self._url(photo, "card")

    def get_large(self, photo) -> str:
        return self._url(photo, "large")


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The member's profile: GET members/<id>/.")
    display_name = serializers.CharField(source="profile.display_name")


class ListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.SlugField(source="category.slug")
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField()
    description = serializers.CharField()
    price = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    postcode = serializers.CharField()
    city = serializers.CharField()
    lat = serializers.FloatField(help_text="Approximate (about 1 km), never an address.")
    lng = serializers.FloatField()
    available_from = serializers.DateField(allow_null=True)
    available_until = serializers.DateField(allow_null=True)
    details = serializers.DictField(help_text="The category's extra fields (see the categories).")
    status = serializers.ChoiceField(choices=Status.choices)
    published_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    author = AuthorSerializer()
    is_mine = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    distance_km = serializers.SerializerMethodField()

    def get_is_mine(self, listing) -> bool:
        return listing.author_id == self.context["request"].user.pk

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, listing) -> list[dict]:
        photos = getattr(listing, "photo_list", None)
        if photos is None:
            photos = sorted(listing.photos.all(), key=lambda p: (p.position, p.pk))
        return PhotoSerializer(photos, many=True, context=self.context).data

    def get_distance_km(self, listing) -> float | None:
        distance = getattr(listing, "distance_km", None)
        return round(distance, 1) if distance is not None else None


class ListingInputSerializer(serializers.Serializer):
    """What the app sends to create or change an annonce. The types are checked here; every rule
    (required fields per category, known postcode, dates in order, free categories) is the site's
    ListingForm's, run on the same values."""

    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=selectors.categories_active(), help_text="Only when creating."
    )
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    price = serializers.DecimalField(max_digits=8, decimal_places=2, required=False, allow_null=True)
    postcode = serializers.CharField(required=False, allow_blank=True)
    city = serializers.CharField(required=False, allow_blank=True)
    lat = serializers.FloatField(required=False, allow_null=True, help_text="Instead of a postcode: rounded to 1 km.")
    lng = serializers.FloatField(required=False, allow_null=True)
    available_from = serializers.DateField(required=False, allow_null=True)
    available_until = serializers.DateField(required=False, allow_null=True)
    details = serializers.DictField(required=False, help_text="The category's extra fields, by name.")
    publish = serializers.BooleanField(
        required=False, help_text="Create: false keeps a draft. Update: publish a draft."
    )

    LOCATION = ("postcode", "city", "lat", "lng")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["category"].required = False

    @staticmethod
    def _check_position(attrs, data) -> None:
        """A position sent is used (rounded to about 1 km, as the site's « Me géolocaliser ») in
        place of the stored postcode, or refused: never silently replaced by the old postcode."""
        sent = [name for name in ("lat", "lng") if attrs.get(name) is not None]
        if not sent:
            return
        if len(sent) == 1:
            raise serializers.ValidationError({"lat": [_("Envoyez la latitude et la longitude ensemble.")]})
        if (attrs.get("postcode") or "").strip():
            raise serializers.ValidationError(
                {"postcode": [_("Envoyez un code postal ou une position (lat, lng), pas les deux.")]}
            )
        data["postcode"] = data["city"] = ""  # the commune is the one nearest the position

    def validate(self, attrs):
        listing = self.instance
        category = listing.category if listing else attrs["category"]
        data = {}
        if listing:  # a partial update: what is not sent stays as it is
            data = {name: getattr(listing, name) for name in ListingForm.Meta.fields}
            data |= {extra.name: listing.details.get(extra.name) for extra in category.schema_def.fields}
        data |= {name: value for name, value in attrs.items() if name not in ("category", "details", "publish")}
        self._check_position(attrs, data)
        extra_names = {extra.name for extra in category.schema_def.fields}
        for name, value in (attrs.get("details") or {}).items():
            if name not in extra_names:
                continue  # as the site's form does with fields it does not have
            if isinstance(value, dict | list):
                raise serializers.ValidationError(
                    {"details": [_("Valeur invalide pour « %(name)s ».") % {"name": name}]}
                )
            data[name] = None if value is None else str(value)  # form fields parse text
        form = ListingForm(data=data, instance=listing, category=category)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        kwargs = form.service_kwargs()
        del kwargs["photos"]  # photos have their own endpoint
        if listing and not any(name in attrs for name in self.LOCATION):
            for name in self.LOCATION:  # keep the stored point (it may come from a position)
                kwargs.pop(name)
        return {"category": category, "publish": attrs.get("publish", listing is None), **kwargs}


class StatusActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["publish", "pause", "resume", "close", "renew"])


class ReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = serializers.CharField(required=False, allow_blank=True)


class FavouriteSerializer(serializers.Serializer):
    is_favourite = serializers.BooleanField()


# --- Views ---------------------------------------------------------------------------------------
def _validate(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _refused(error) -> ApiValidationError:
    """A service's ValidationError, in the API's 400 format."""
    return ApiValidationError(validation_errors(error))


def _refuse_if_hidden(listing) -> None:
    """The author still sees an annonce hidden by moderation, but cannot change it (as on the site)."""
    if listing.status == Status.HIDDEN:
        message = _("Cette annonce est masquée par la modération : elle ne peut pas être modifiée.")
        raise ApiValidationError({"non_field_errors": [message]})


class WalledView(generics.GenericAPIView):
    permission_classes = [IsVerifiedMember]
    queryset = Listing.objects.none()  # for the schema; the views read through the selectors

    def listing_data(self, listing) -> dict:
        return ListingSerializer(listing, context={"request": self.request}).data


@extend_schema(tags=["annonces"])
class CategoryList(APIView):
    """The active categories and the extra fields of each. Public: names only, no counts."""

    permission_classes = []
    pagination_class = None

    @extend_schema(responses={200: CategorySerializer(many=True)})
    def get(self, request):
        return Response(CategorySerializer(selectors.categories_active(), many=True).data)


def search_summary(filterset) -> dict:
    """What the search used: the place (`near` resolved, or null), the other places `near` could
    mean, the order, and the words typos were read as."""
    place = filterset.form.place if filterset.point() and filterset.form.place else None
    resolution = filterset.form.resolution
    return {
        "place": _place_data(place) if place else None,
        "other_places": [_place_data(other) for other in resolution.others[:5]] if place and resolution else [],
        "sort": filterset.sort_key(),
        "corrections": filterset.corrections,
    }


def _place_data(place) -> dict:
    return {
        "name": place.name,
        "postcode": place.postcode or None,
        "insee": place.insee,
        "department": place.department,
        "lat": place.lat,
        "lng": place.lng,
    }


@extend_schema(tags=["annonces"])
class ListingList(WalledView):
    """Search the published annonces with the search page's filters; publish one."""

    serializer_class = ListingSerializer
    filterset_class = ListingFilter

    def get_queryset(self):
        return selectors.listings_visible_to(self.request.user)

    def filter_queryset(self, queryset):
        """The search page's FilterSet, run here rather than by the filter backend so that the
        response can say which place it used. A criterion it cannot use (a `near` that names no
        place…) is a 400 with the reason, never a search of all of France."""
        self.filterset = ListingFilter(self.request.query_params, queryset=queryset, request=self.request)
        if not self.filterset.is_valid():
            raise ApiValidationError(form_errors(self.filterset.form))
        return selectors.listings_for_cards(self.filterset.qs, user=self.request.user)

    @extend_schema(responses={200: ListingSerializer(many=True), **errors(400), **WALL})
    def get(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.data["search"] = search_summary(self.filterset)
        return response

    @extend_schema(request=ListingInputSerializer, responses={201: ListingSerializer, **errors(400, 429), **WALL})
    def post(self, request):
        data = _validate(ListingInputSerializer, request)
        if not allow(request, "listing_post"):
            raise Throttled(detail=_("Vous avez publié beaucoup d'annonces en peu de temps. Réessayez dans une heure."))
        try:
            listing = services.listing_create(author=request.user, **data)
        except ValidationError as error:
            raise _refused(error) from error
        return Response(self.listing_data(listing), status=status.HTTP_201_CREATED)


@extend_schema(tags=["annonces"])
class MyListings(WalledView):
    """The member's own annonces, in every status (hidden ones included)."""

    serializer_class = ListingSerializer

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=Status.values, required=False)],
        responses={200: ListingSerializer(many=True), **WALL},
    )
    def get(self, request):
        wanted = request.query_params.get("status")
        queryset = selectors.listings_of_author(request.user, status=wanted if wanted in Status.values else None)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["annonces"])
class ListingDetail(WalledView):
    """One annonce (access_listing's rule: 404 when hidden from you); change or delete your own."""

    serializer_class = ListingSerializer

    @extend_schema(responses={200: ListingSerializer, **WALL, **errors(404)})
    def get(self, request, pk):
        return Response(self.listing_data(selectors.access_listing(request.user, pk)))

    @extend_schema(request=ListingInputSerializer, responses={200: ListingSerializer, **errors(400, 404), **WALL})
    def patch(self, request, pk):
        listing = selectors.access_own_listing(request.user, pk)
        _refuse_if_hidden(listing)
        data = _validate(ListingInputSerializer, request, instance=listing, partial=True)
        data.pop("category")
        try:
            listing = services.listing_update(listing=listing, **data)
        except ValidationError as error:
            raise _refused(error) from error
        return Response(self.listing_data(selectors.access_own_listing(request.user, pk)))

    @extend_schema(
        description=(
            "204: deleted. 200: members exchanged about it, so it was closed instead (its exchanges and "
            "reviews stay); the body is the annonce. 400: an accepted exchange is still open."
        ),
        responses={204: None, 200: ListingSerializer, **errors(400, 404), **WALL},
    )
    def delete(self, request, pk):
        listing = selectors.access_own_listing(request.user, pk)
        try:
            deleted = services.listing_delete(listing=listing)
        except ValidationError as error:
            raise _refused(error) from error
        if deleted:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.listing_data(selectors.access_own_listing(request.user, pk)))


@extend_schema(tags=["annonces"])
class ListingStatusAction(WalledView):
    """Publish a draft, pause, resume, close or renew one's own annonce."""

    @extend_schema(request=StatusActionSerializer, responses={200: ListingSerializer, **errors(400, 404), **WALL})
    def post(self, request, pk):
        listing = selectors.access_own_listing(request.user, pk)
        action = _validate(StatusActionSerializer, request)["action"]
        try:
            listing = services.listing_change_status(listing=listing, action=action)
        except ValidationError as error:
            raise _refused(error) from error
        return Response(self.listing_data(selectors.access_own_listing(request.user, pk)))


class PhotoUploadSerializer(serializers.Serializer):
    photos = serializers.ListField(child=serializers.FileField(), help_text="One or more JPEG, PNG or WebP files.")


@extend_schema(tags=["annonces"])
class ListingPhotos(WalledView):
    """Add photos to one's own annonce, checked and cleaned exactly as on the site (6 at most)."""

    parser_classes = [MultiPartParser]
    pagination_class = None

    @extend_schema(
        request={"multipart/form-data": PhotoUploadSerializer},
        responses={201: PhotoSerializer(many=True), **errors(400, 404), **WALL},
    )
    def post(self, request, pk):
        listing = selectors.access_own_listing(request.user, pk)
        _refuse_if_hidden(listing)
        if not request.FILES.getlist("photos"):
            raise ApiValidationError({"photos": [_("Ajoutez au moins une photo.")]})
        try:
            photos = PhotosField().clean(request.FILES.getlist("photos"))
            services.photos_add(listing=listing, photos=photos)
        except ValidationError as error:
            raise ApiValidationError({"photos": [str(m) for m in error.messages]}) from error
        photos = listing.photos.order_by("position", "pk")
        return Response(PhotoSerializer(photos, many=True, context={"request": request}).data, status=201)


@extend_schema(tags=["annonces"])
class ListingPhotoDelete(WalledView):
    @extend_schema(responses={204: None, **WALL, **errors(404)})
    def delete(self, request, pk, photo_id):
        listing = selectors.access_own_listing(request.user, pk)
        try:
            services.photos_remove(listing=listing, photo_ids=[photo_id])
        except ValidationError as error:  # not a photo of this annonce: the address names nothing
            raise NotFound(error.message_dict["remove_photos"][0]) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["annonces"])
class ListingReport(WalledView):
    """Report someone else's annonce to the moderators, once (10 reports a day at most)."""

    @extend_schema(request=ReportInputSerializer, responses={201: None, **errors(400, 404, 429), **WALL})
    def post(self, request, pk):
        listing = selectors.access_listing(request.user, pk)
        if listing.author_id == request.user.pk:
            raise Http404
        form = ReportForm(data=_validate(ReportInputSerializer, request))
        if not form.is_valid():
            raise ApiValidationError(form_errors(form))
        if not allow(request, "report"):
            raise Throttled(detail=_("Trop de signalements en peu de temps. Réessayez plus tard."))
        try:
            services.report_create(listing=listing, reporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            raise _refused(error) from error
        return Response(status=status.HTTP_201_CREATED)


@extend_schema(tags=["annonces"])
class ListingFavourite(WalledView):
    """Add the annonce to one's favourites, or remove it (a toggle)."""

    @extend_schema(request=None, responses={200: FavouriteSerializer, **WALL, **errors(404)})
    def post(self, request, pk):
        listing = selectors.access_listing(request.user, pk)
        return Response({"is_favourite": services.favourite_toggle(user=request.user, listing=listing)})


@extend_schema(tags=["annonces"])
class Favourites(WalledView):
    serializer_class = ListingSerializer

    @extend_schema(responses={200: ListingSerializer(many=True), **WALL})
    def get(self, request):
        page = self.paginate_queryset(selectors.favourites_of(request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["annonces"])
class PhotoFile(WalledView):
    """A photo's file, behind the wall and the annonce's own rule (404 when it is hidden from you).
    The app loads the URLs given in annonces' `photos` with its X-Session-Token."""

    @extend_schema(
        parameters=[OpenApiParameter("size", enum=sorted(PHOTO_SIZES), location=OpenApiParameter.PATH)],
        responses={
            **{(200, media): OpenApiTypes.BINARY for media in ("image/jpeg", "image/png", "image/webp")},
            **WALL,
            **errors(404),
        },
    )
    def get(self, request, pk, size):
        return photo_response(request.user, pk, size)


# --- Conversations (the threads themselves are in messaging/api.py) ----------------------------
@extend_schema(tags=["conversations"])
class ListingContact(WalledView):
    """Write to an annonce's author: starts the conversation, or continues it."""

    @extend_schema(request=MessageInputSerializer, responses={201: MessageSerializer, **errors(400, 404, 429), **WALL})
    def post(self, request, pk):
        listing = selectors.access_listing(request.user, pk)
        body = message_body(request)
        message = send_or_refuse(messaging_services.conversation_start, listing=listing, sender=request.user, body=body)
        return Response(MessageSerializer(message, context={"request": request}).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("categories/", CategoryList.as_view(), name="categories"),
    path("listings/", ListingList.as_view(), name="listings"),
    path("listings/mine/", MyListings.as_view(), name="listings-mine"),
    path("listings/<int:pk>/", ListingDetail.as_view(), name="listing"),
    path("listings/<int:pk>/status/", ListingStatusAction.as_view(), name="listing-status"),
    path("listings/<int:pk>/photos/", ListingPhotos.as_view(), name="listing-photos"),
    path("listings/<int:pk>/photos/<int:photo_id>/", ListingPhotoDelete.as_view(), name="listing-photo"),
    path("listings/<int:pk>/report/", ListingReport.as_view(), name="listing-report"),
    path("listings/<int:pk>/favourite/", ListingFavourite.as_view(), name="listing-favourite"),
    path("listings/<int:pk>/contact/", ListingContact.as_view(), name="listing-contact"),
    path("favourites/", Favourites.as_view(), name="favourites"),
    path("photos/<int:pk>/<str:size>/", PhotoFile.as_view(), name="photo"),
]
