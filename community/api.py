"""Groups for the app: the same access helpers, selectors, services, forms and rate limits as the
pages, behind the same wall (IsVerifiedMember: anonymous → 401, not verified → 403). A group
whose posts and members the member may not read (someone else's group on approval) is 404 on
every route but the listing (which shows its presentation) and join/, which asks to join it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from club.api import form_errors, validation_errors
from club.api_schema import errors
from club.ratelimit import allow
from members.wall import IsVerifiedMember

from . import access, selectors, services
from .forms import GroupForm, PostForm
from .models import Access, Group, MembershipStatus, Notify, Role

WALL = errors(401, 403)


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id", help_text="The member's profile: GET members/<id>/.")
    display_name = serializers.CharField(source="user.profile.public_name")
    role = serializers.ChoiceField(choices=Role.choices)


class PostAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField(source="profile.public_name")


class MembershipSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    role = serializers.ChoiceField(choices=Role.choices)
    notify = serializers.ChoiceField(choices=Notify.choices)


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    place = serializers.CharField()
    access = serializers.ChoiceField(choices=Access.choices)
    picture = serializers.SerializerMethodField()
    membership = serializers.SerializerMethodField(help_text="The member's own membership, or null.")
    member_count = serializers.SerializerMethodField(help_text="null when the member may not see the members.")

    def get_picture(self, group) -> str | None:
        if not group.picture:
            return None
        return self.context["request"].build_absolute_uri(reverse("community:picture", args=[group.pk]))

    def _membership(self, group):
        if hasattr(group, "my_memberships"):
            return group.my_memberships[0] if group.my_memberships else None
        return selectors.membership_of(self.context["request"].user, group)

    def get_membership(self, group) -> MembershipSerializer(allow_null=True):
        membership = self._membership(group)
        return MembershipSerializer(membership).data if membership else None

    def get_member_count(self, group) -> int | None:
        if not selectors.group_can_read(self.context["request"].user, group, self._membership(group)):
            return None
        count = getattr(group, "member_count", None)
        return count if count is not None else selectors.group_members(group).count()


class GroupDetailSerializer(GroupSerializer):
    members = serializers.SerializerMethodField()

    def get_members(self, group) -> MemberSerializer(many=True):
        return MemberSerializer(selectors.group_members(group), many=True).data


class GroupInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    description = serializers.CharField(max_length=3000)
    place = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    access = serializers.ChoiceField(choices=Access.choices, default=Access.OPEN)


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    author = PostAuthorSerializer()
    text = serializers.CharField(help_text="Plain text, never HTML: show it escaped.")
    pinned = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    replies = serializers.SerializerMethodField()

    def get_replies(self, post) -> list[dict]:
        replies = getattr(post, "reply_list", None) or []
        return [
            {
                "id": reply.pk,
                "parent": reply.parent_id,
                "author": PostAuthorSerializer(reply.author).data,
                "text": reply.text,
                "pinned": reply.pinned,
                "created_at": serializers.DateTimeField().to_representation(reply.created_at),
                "replies": [],
            }
            for reply in replies
        ]


class PostInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    parent = serializers.IntegerField(required=False, allow_null=True, help_text="Reply to this message of the group.")


class WalledView(generics.GenericAPIView):
    permission_classes = [IsVerifiedMember]
    queryset = Group.objects.none()


def _validate(serializer_class, request):
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema(tags=["groupes"])
class GroupList(WalledView):
    """The groups (not suspended), searched by name (`q`) and place (`place`); create one."""

    serializer_class = GroupSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="In the name."),
            OpenApiParameter("place", OpenApiTypes.STR, description="In the place."),
        ],
        responses={200: GroupSerializer(many=True), **WALL},
    )
    def get(self, request):
        queryset = selectors.groups_listed(
            request.user,
            q=request.query_params.get("q", "")[:80].strip(),
            place=request.query_params.get("place", "")[:80].strip(),
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=GroupInputSerializer, responses={201: GroupDetailSerializer, **errors(400), **WALL})
    def post(self, request):
        data = _validate(GroupInputSerializer, request)
        form = GroupForm(data=data)
        if not form.is_valid():
            raise ApiValidationError(form_errors(form))
        group = services.group_create(
            founder=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            place=form.cleaned_data["place"],
            access=form.cleaned_data["access"],
        )
        return Response(GroupDetailSerializer(group, context={"request": request}).data, status=201)


@extend_schema(tags=["groupes"])
class GroupDetail(WalledView):
    """A group with its members; 404 when the member may not read it (someone else's group on approval)."""

    @extend_schema(responses={200: GroupDetailSerializer, **errors(404), **WALL})
    def get(self, request, pk):
        group = access.access_group_content(request.user, pk)
        return Response(GroupDetailSerializer(group, context={"request": request}).data)


@extend_schema(tags=["groupes"])
class GroupJoin(WalledView):
    """Join an open group, or ask to join a group on approval (status `pending`). Twice: the same."""

    @extend_schema(request=None, responses={200: MembershipSerializer, **errors(400, 404), **WALL})
    def post(self, request, pk):
        group = access.access_group(request.user, pk)
        try:
            membership = services.group_join(group=group, user=request.user)
        except ValidationError as error:
            raise ApiValidationError(validation_errors(error)) from error
        return Response(MembershipSerializer(membership).data)


@extend_schema(tags=["groupes"])
class GroupLeave(WalledView):
    """Leave the group, or withdraw one's request. The last admin names another one first (400)."""

    @extend_schema(request=None, responses={204: None, **errors(400, 404), **WALL})
    def post(self, request, pk):
        group = access.access_group(request.user, pk)
        if selectors.membership_of(request.user, group) is None:
            raise Http404
        try:
            services.group_leave(group=group, user=request.user)
        except ValidationError as error:
            raise ApiValidationError(validation_errors(error)) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["groupes"])
class GroupPosts(WalledView):
    """The group's messages (pinned first, then newest, each with its replies); write one (members only: 403)."""

    serializer_class = PostSerializer

    @extend_schema(responses={200: PostSerializer(many=True), **errors(404), **WALL})
    def get(self, request, pk):
        group = access.access_group_content(request.user, pk)
        page = self.paginate_queryset(selectors.group_posts(group))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=PostInputSerializer, responses={201: PostSerializer, **errors(400, 404, 429), **WALL})
    def post(self, request, pk):
        group = access.access_group_content(request.user, pk)
        data = _validate(PostInputSerializer, request)
        form = PostForm(data={"text": data["text"]})
        if not form.is_valid():
            raise ApiValidationError(form_errors(form))
        parent = None
        if data.get("parent"):
            parent = group.posts.filter(pk=data["parent"], removed_at__isnull=True).first()
            if parent is None:
                raise ApiValidationError({"parent": [_("Ce message n'existe pas dans ce groupe.")]})
        if not allow(request, "group_post"):
            raise Throttled(detail=_("Vous avez écrit beaucoup de messages : réessayez dans un moment."))
        try:
            post = services.post_create(group=group, author=request.user, text=form.cleaned_data["text"], parent=parent)
        except PermissionDenied as error:
            raise ApiPermissionDenied(_("Seuls les membres du groupe peuvent y écrire.")) from error
        except ValidationError as error:
            raise ApiValidationError(validation_errors(error)) from error
        return Response(PostSerializer(post, context={"request": request}).data, status=201)


urlpatterns = [
    path("groups/", GroupList.as_view(), name="groups"),
    path("groups/<int:pk>/", GroupDetail.as_view(), name="group"),
    path("groups/<int:pk>/join/", GroupJoin.as_view(), name="group-join"),
    path("groups/<int:pk>/leave/", GroupLeave.as_view(), name="group-leave"),
    path("groups/<int:pk>/posts/", GroupPosts.as_view(), name="group-posts"),
]
