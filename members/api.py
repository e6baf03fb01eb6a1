"""The current member's own account, for the app: profile, verification status, verification; and
another member's profile as verified members see it (GET members/<id>/)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import APIView

from club.api import form_errors
from club.api_schema import errors
from club.ratelimit import allow
from exchanges.api_serializers import MemberProfileSerializer
from exchanges.selectors import member_record

from . import services
from .forms import ProfileForm, VerificationForm
from .wall import IsVerifiedMember


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id", read_only=True, help_text="As in GET members/<id>/.")
    email = serializers.EmailField(source="user.email", read_only=True)
    display_name = serializers.CharField(max_length=60)
    postcode = serializers.CharField(max_length=5, allow_blank=True, required=False)
    city = serializers.CharField(max_length=100, allow_blank=True, required=False)
    language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        help_text="The language of the e-mails the club sends to this member.",
    )
    verification_status = serializers.ChoiceField(
        choices=["not_submitted", "pending", "verified", "rejected"], read_only=True
    )
    verification_decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    rejection_reason = serializers.CharField(read_only=True)
    is_verified_member = serializers.BooleanField(source="user.is_verified_member", read_only=True)
    member_since = serializers.DateTimeField(source="user.date_joined", read_only=True)

    def validate(self, attrs):
        # The site's form holds the rules (e.g. a French postcode has five digits): reuse it.
        merged = {
            field: attrs.get(field, getattr(self.instance, field))
            for field in ("display_name", "postcode", "city", "language")
        }
        form = ProfileForm(data=merged, instance=self.instance)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return form.cleaned_data

    def update(self, profile, validated_data):
        return services.profile_update(profile=profile, **validated_data)


class MeView(generics.RetrieveUpdateAPIView):
    """The logged-in person's profile and verification status."""

    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user.profile


class VerificationSerializer(serializers.Serializer):
    # Blank values pass here so that the site's form reports every field's problem at once.
    number = serializers.CharField(max_length=20, allow_blank=True)
    last_name = serializers.CharField(max_length=150, allow_blank=True)
    postcode = serializers.CharField(max_length=10, allow_blank=True)

    def validate(self, attrs):
        form = VerificationForm(data=attrs)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return form.cleaned_data


class VerificationView(APIView):
    """Ask to be recognised as a sociétaire: a match with the roster verifies at once, anything
    else goes to staff review. Limited to a few attempts per hour per account (429 beyond)."""

    @extend_schema(request=VerificationSerializer, responses={200: MeSerializer, 400: None, 429: None})
    def post(self, request, *args, **kwargs):
        profile = request.user.profile
        if profile.is_verified:
            return Response(MeSerializer(profile).data)
        serializer = VerificationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not allow(request, "verify_membership"):
            raise Throttled(detail="Trop de tentatives. Réessayez dans une heure.")
        profile = services.verification_submit(profile=profile, **serializer.validated_data)
        return Response(MeSerializer(profile).data, status=status.HTTP_200_OK)


@extend_schema(tags=["membres"])
class MemberProfile(generics.GenericAPIView):
    """A member's profile as other verified members see it: sociétaire vérifié, member since, the
    exchanges completed on each side and the revealed reviews received. 404 for an unknown or
    closed account."""

    permission_classes = [IsVerifiedMember]
    queryset = get_user_model().objects.none()  # for the schema
    serializer_class = MemberProfileSerializer
    pagination_class = None

    @extend_schema(responses={200: MemberProfileSerializer, **errors(401, 403, 404)})
    def get(self, request, pk):
        member = get_user_model().objects.filter(pk=pk, is_active=True).select_related("profile").first()
        if member is None:
            raise Http404
        return Response(MemberProfileSerializer(member_record(member)).data)


urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/verification/", VerificationView.as_view(), name="me-verification"),
    path("members/<int:pk>/", MemberProfile.as_view(), name="member"),
]
