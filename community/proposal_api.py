"""Proposals for the app: the same fetches, filter, form and rules as the pages, behind the same
wall (IsVerifiedMember: anonymous → 401, not verified → 403)."""

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from club.api import form_errors, validation_errors
from club.api_schema import errors
from club.ratelimit import allow
from members.wall import IsVerifiedMember

from . import proposals
from .models import Proposal, ProposalState
from .proposal_forms import ProposalFilter, ProposalForm

WALL = errors(401, 403)


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    type = serializers.CharField(source="type.slug", help_text="The event type's slug.")
    description = serializers.CharField()
    format = serializers.CharField()
    wished_period = serializers.CharField()
    needs = serializers.CharField()
    partner = serializers.CharField()
    group = serializers.IntegerField(source="group_id", allow_null=True)
    proposer = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=ProposalState.choices)
    staff_message = serializers.CharField(help_text="The staff's question or reason for declining.")
    support_count = serializers.IntegerField()
    supported = serializers.SerializerMethodField(help_text="Whether the member supports it.")
    event = serializers.SerializerMethodField(
        help_text="The event's slug once accepted and published (during its early access: for the proposer and "
        "supporters only), else null."
    )
    created_at = serializers.DateTimeField()

    def get_proposer(self, proposal) -> dict:
        return {"id": proposal.proposer_id, "display_name": proposal.proposer.profile.public_name}

    def get_supported(self, proposal) -> bool:
        supported = getattr(proposal, "supported", None)
        if supported is None:
            supported = proposals.proposal_supported_by(proposal, self.context["request"].user)
        return supported

    def get_event(self, proposal) -> str | None:
        if not proposals.proposal_event_open_to(proposal, self.context["request"].user):
            return None
        return proposal.event.slug


class ProposalInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=160)
    type = serializers.CharField(help_text="The event type's slug.")
    description = serializers.CharField(max_length=5000)
    format = serializers.CharField(max_length=200)
    wished_period = serializers.CharField(max_length=200)
    needs = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    partner = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    group = serializers.IntegerField(required=False, allow_null=True, default=None)


class WalledView(generics.GenericAPIView):
    permission_classes = [IsVerifiedMember]
    queryset = Proposal.objects.none()


@extend_schema(tags=["propositions"])
class ProposalList(WalledView):
    """The proposals, filtered by `type` (slug) and `state`, sorted by `sort` (date or supports); propose one."""

    serializer_class = ProposalSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("type", OpenApiTypes.STR),
            OpenApiParameter("state", OpenApiTypes.STR, enum=ProposalState.values),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=["date", "supports"]),
        ],
        responses={200: ProposalSerializer(many=True), **errors(400), **WALL},
    )
    def get(self, request):
        filters = ProposalFilter(request.query_params, queryset=proposals.proposals_listed(request.user))
        if not filters.is_valid():
            raise ApiValidationError(form_errors(filters.form))
        queryset = filters.qs if request.query_params.get("sort") else filters.qs.order_by("-created_at")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=ProposalInputSerializer, responses={201: ProposalSerializer, **errors(400, 429), **WALL})
    def post(self, request):
        serializer = ProposalInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        from events.models import EventType

        type_ = EventType.objects.filter(slug=data["type"]).first()
        data["type"] = type_.pk if type_ else None
        form = ProposalForm(data=data, user=request.user)
        if not form.is_valid():
            raise ApiValidationError(form_errors(form))
        if not allow(request, "proposal"):
            raise Throttled(detail=_("Trop de propositions d'un coup : réessayez plus tard."))
        try:
            proposal = proposals.proposal_create(proposer=request.user, **form.cleaned_data)
        except ValidationError as error:
            raise ApiValidationError(validation_errors(error)) from error
        proposal = proposals.access_proposal(request.user, proposal.pk)
        return Response(ProposalSerializer(proposal, context={"request": request}).data, status=201)


@extend_schema(tags=["propositions"])
class ProposalDetail(WalledView):
    @extend_schema(responses={200: ProposalSerializer, **errors(404), **WALL})
    def get(self, request, pk):
        proposal = proposals.access_proposal(request.user, pk)
        return Response(ProposalSerializer(proposal, context={"request": request}).data)


@extend_schema(tags=["propositions"])
class ProposalSupport(WalledView):
    """Support a proposal (once: twice is the same) or withdraw the support (DELETE)."""

    def _answer(self, request, pk):
        proposal = proposals.access_proposal(request.user, pk)
        return Response(ProposalSerializer(proposal, context={"request": request}).data)

    @extend_schema(request=None, responses={200: ProposalSerializer, **errors(400, 404), **WALL})
    def post(self, request, pk):
        proposal = proposals.access_proposal(request.user, pk)
        try:
            proposals.proposal_support(proposal=proposal, user=request.user)
        except ValidationError as error:
            raise ApiValidationError(validation_errors(error)) from error
        return self._answer(request, pk)

    @extend_schema(request=None, responses={200: ProposalSerializer, **errors(404), **WALL})
    def delete(self, request, pk):
        proposal = proposals.access_proposal(request.user, pk)
        proposals.proposal_unsupport(proposal=proposal, user=request.user)
        return self._answer(request, pk)


urlpatterns = [
    path("proposals/", ProposalList.as_view(), name="proposals"),
    path("proposals/<int:pk>/", ProposalDetail.as_view(), name="proposal"),
    path("proposals/<int:pk>/support/", ProposalSupport.as_view(), name="proposal-support"),
]
