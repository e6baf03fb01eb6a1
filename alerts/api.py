"""Saved searches for the app: the same services and FilterSet as the pages, behind the same wall
(IsVerifiedMember). Another member's alert is 404. A query string the search page would refuse is
a 400 naming the criterion."""

from django.core.exceptions import ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from club.api import validation_errors
from club.api_schema import errors
from members.wall import IsVerifiedMember

from . import selectors, services
from .models import Frequency, SavedSearch
from .query import describe

WALL = errors(401, 403)


class SavedSearchSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    query = serializers.CharField(
        max_length=1000, help_text="The search page's query string, e.g. q=velo&near=69003&radius=10."
    )
    label = serializers.CharField(max_length=80, required=False, allow_blank=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices, required=False)
    active = serializers.BooleanField(required=False)
    description = serializers.SerializerMethodField(help_text="The search in words.")
    new_count = serializers.IntegerField(read_only=True, default=0, help_text="Annonces found since last opened.")
    created_at = serializers.DateTimeField(read_only=True)

    def get_description(self, saved_search) -> str:
        return describe(saved_search.query)


def _refused(error) -> ApiValidationError:
    return ApiValidationError(validation_errors(error))


class WalledView(generics.GenericAPIView):
    permission_classes = [IsVerifiedMember]
    serializer_class = SavedSearchSerializer
    queryset = SavedSearch.objects.none()  # for the schema; the views read through the selectors

    def validated(self, partial=False) -> dict:
        serializer = self.get_serializer(data=self.request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def data_of(self, pk) -> dict:
        return self.get_serializer(selectors.saved_searches_of(self.request.user).get(pk=pk)).data


@extend_schema(tags=["alertes"])
class SavedSearchList(WalledView):
    """The member's alerts; save a search (its query string, as the search page takes it)."""

    @extend_schema(responses={200: SavedSearchSerializer(many=True), **WALL})
    def get(self, request):
        page = self.paginate_queryset(selectors.saved_searches_of(request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=SavedSearchSerializer, responses={201: SavedSearchSerializer, **errors(400), **WALL})
    def post(self, request):
        data = self.validated()
        try:
            saved_search = services.saved_search_create(user=request.user, **data)
        except ValidationError as error:
            raise _refused(error) from error
        return Response(self.data_of(saved_search.pk), status=status.HTTP_201_CREATED)


@extend_schema(tags=["alertes"])
class SavedSearchDetail(WalledView):
    """One of the member's alerts: read, change (label, frequency, on/off, query) or delete."""

    @extend_schema(responses={200: SavedSearchSerializer, **WALL, **errors(404)})
    def get(self, request, pk):
        return Response(self.data_of(selectors.access_own_saved_search(request.user, pk).pk))

    @extend_schema(request=SavedSearchSerializer, responses={200: SavedSearchSerializer, **errors(400, 404), **WALL})
    def patch(self, request, pk):
        saved_search = selectors.access_own_saved_search(request.user, pk)
        data = self.validated(partial=True)
        try:
            services.saved_search_update(saved_search=saved_search, **data)
        except ValidationError as error:
            raise _refused(error) from error
        return Response(self.data_of(saved_search.pk))

    @extend_schema(responses={204: None, **WALL, **errors(404)})
    def delete(self, request, pk):
        services.saved_search_delete(saved_search=selectors.access_own_saved_search(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("saved-searches/", SavedSearchList.as_view(), name="saved-searches"),
    path("saved-searches/<int:pk>/", SavedSearchDetail.as_view(), name="saved-search"),
]
