"""The conversations for the app: the same selectors, services, form and rate limit as the inbox
pages, behind the same wall (IsVerifiedMember). Somebody else's thread is 404, never 403. The
URLs and names are those of v1 before the move (`v1:conversations`, `v1:conversation`,
`v1:conversation-messages`); writing about an annonce stays `listings/<pk>/contact/` (listings/api.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.exceptions import Throttled
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from club.api import form_errors, validation_errors
from club.api_schema import errors
from club.ratelimit import allow
from listings.models import Status
from members.wall import IsVerifiedMember

from . import selectors, services
from .forms import MessageForm
from .models import Conversation

WALL = errors(401, 403)


# --- Serializers ---------------------------------------------------------------------------------
class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation = serializers.IntegerField(source="conversation_id")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    sender = serializers.CharField(source="sender.profile.display_name")
    is_mine = serializers.SerializerMethodField()

    def get_is_mine(self, message) -> bool:
        return message.sender_id == self.context["request"].user.pk


class ConversationListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    listing = ConversationListingSerializer()
    other_party = serializers.SerializerMethodField()
    last_message_at = serializers.DateTimeField()
    last_message = serializers.CharField(source="last_body", allow_null=True, default=None)
    unread = serializers.IntegerField(default=0)

    def get_other_party(self, conversation) -> str:
        return conversation.other_party(self.context["request"].user).profile.display_name


class ThreadSerializer(ConversationSerializer):
    can_write = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()

    def get_can_write(self, conversation) -> bool:
        return conversation.can_write

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, conversation) -> list[dict]:
        return MessageSerializer(selectors.messages_of(conversation), many=True, context=self.context).data


# --- Helpers (also used by listings/api.py's contact endpoint) -----------------------------------
def message_body(request) -> str:
    """The validated body of a message posted to the API, after the `send_message` rate limit."""
    serializer = MessageInputSerializer(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    form = MessageForm(data=serializer.validated_data)
    if not form.is_valid():
        raise ApiValidationError(form_errors(form))
    if not allow(request, "send_message"):
        raise Throttled(detail=_("Vous avez envoyé beaucoup de messages en peu de temps. Réessayez dans une heure."))
    return form.cleaned_data["body"]


def send_or_refuse(send, **kwargs):
    """Run a conversation service; its refusals are 403 with the reason, its input errors 400."""
    try:
        return send(**kwargs)
    except PermissionDenied as error:
        raise DrfPermissionDenied(str(error) or _("Impossible d'envoyer ce message.")) from error
    except ValidationError as error:
        raise ApiValidationError(validation_errors(error)) from error


class WalledView(generics.GenericAPIView):
    permission_classes = [IsVerifiedMember]
    queryset = Conversation.objects.none()  # for the schema; the views read through the selectors


# --- Views ---------------------------------------------------------------------------------------
@extend_schema(tags=["conversations"])
class ConversationList(WalledView):
    serializer_class = ConversationSerializer

    @extend_schema(responses={200: ConversationSerializer(many=True), **WALL})
    def get(self, request):
        page = self.paginate_queryset(selectors.conversations_of(request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["conversations"])
class ConversationDetail(WalledView):
    """A thread with its messages (reading it marks it read); 404 unless you are part of it."""

    @extend_schema(responses={200: ThreadSerializer, **WALL, **errors(404)})
    def get(self, request, pk):
        conversation = selectors.access_conversation(request.user, pk)
        services.conversation_mark_read(conversation=conversation, user=request.user)
        return Response(ThreadSerializer(conversation, context={"request": request}).data)


@extend_schema(tags=["conversations"])
class ConversationMessages(WalledView):
    @extend_schema(request=MessageInputSerializer, responses={201: MessageSerializer, **errors(400, 404, 429), **WALL})
    def post(self, request, pk):
        conversation = selectors.access_conversation(request.user, pk)
        body = message_body(request)
        message = send_or_refuse(services.message_send, conversation=conversation, sender=request.user, body=body)
        return Response(MessageSerializer(message, context={"request": request}).data, status=201)


urlpatterns = [
    path("conversations/", ConversationList.as_view(), name="conversations"),
    path("conversations/<int:pk>/", ConversationDetail.as_view(), name="conversation"),
    path("conversations/<int:pk>/messages/", ConversationMessages.as_view(), name="conversation-messages"),
]
