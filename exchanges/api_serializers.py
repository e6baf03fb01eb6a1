"""What the exchanges API reads and writes. Types only: every rule is the services' (periods.py,
services.py, reviews.py), so a body that passes here may still be refused there with its field."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from listings.models import ExchangeUnit, Kind

from . import selectors
from .models import ExchangeStatus, HandoverPlace
from .reviews import reviews_are_revealed

ACTIONS = ["accept", "decline", "withdraw", "cancel", "complete", "handover", "message", "review"]


# --- Read -----------------------------------------------------------------------------------------
class MemberRefSerializer(serializers.Serializer):
    """A member as other members see them everywhere: an id (for GET /api/v1/members/<id>/) and a name."""

    id = serializers.IntegerField()
    display_name = serializers.CharField(source="profile.public_name")


class ExchangeListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    category = serializers.SlugField(source="category.slug")


class HandoverOutSerializer(serializers.Serializer):
    place = serializers.ChoiceField(choices=HandoverPlace.choices, source="handover_place")
    at = serializers.DateTimeField(source="handover_at", allow_null=True)
    note = serializers.CharField(source="handover_note")


class ExchangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(help_text="The reference to quote to the mutual, e.g. ECH-2026-000042.")
    listing = ExchangeListingSerializer()
    unit = serializers.ChoiceField(choices=ExchangeUnit.choices[1:])
    status = serializers.ChoiceField(choices=ExchangeStatus.choices)
    role = serializers.SerializerMethodField(help_text="The member's side: provider (lends, hosts, drives, helps).")
    is_initiator = serializers.SerializerMethodField(help_text="Whether the member asked (or proposed).")
    provider = MemberRefSerializer()
    receiver = MemberRefSerializer()
    start = serializers.DateTimeField(help_text="Days: midnight (Paris) of the first day. Trips: the departure.")
    end = serializers.DateTimeField(help_text="Days: midnight after the last day (half-open). Trips: the departure.")
    first_day = serializers.DateField()
    last_day = serializers.DateField(help_text="Days: the return day. Slots and trips: their day.")
    seats = serializers.IntegerField()
    handover = HandoverOutSerializer(source="*")
    decline_reason = serializers.CharField()
    cancel_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True, help_text="When declined, withdrawn, cancelled or expired.")

    def get_role(self, exchange) -> str:
        return "provider" if exchange.provider_id == self.context["request"].user.pk else "receiver"

    def get_is_initiator(self, exchange) -> bool:
        return exchange.initiator_id == self.context["request"].user.pk


class CoverSerializer(serializers.Serializer):
    text = serializers.CharField(source="cover", help_text="What the mutual's contracts cover: general terms only.")
    url = serializers.CharField(source="cover_url", help_text="The page of the guarantees (may be empty).")


class ThreadMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    sender = MemberRefSerializer()
    is_mine = serializers.SerializerMethodField()

    def get_is_mine(self, message) -> bool:
        return message.sender_id == self.context["request"].user.pk


MessageSerializer = ThreadMessageSerializer


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = MemberRefSerializer()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class ExchangeReviewSerializer(ReviewSerializer):
    is_mine = serializers.SerializerMethodField(help_text="One's own review is shown even before the reveal.")

    def get_is_mine(self, review) -> bool:
        return review.author_id == self.context["request"].user.pk


class ExchangeDetailSerializer(ExchangeSerializer):
    actions = serializers.SerializerMethodField(help_text="What the member may do now (each is a POST …/<action>/).")
    cover = CoverSerializer(source="listing.category")
    messages = serializers.SerializerMethodField()
    reviews_revealed = serializers.SerializerMethodField(help_text="Both wrote theirs, or 14 days have passed.")
    reviews = serializers.SerializerMethodField(help_text="One's own, and the other's once revealed.")

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTIONS)))
    def get_actions(self, exchange) -> list[str]:
        return selectors.exchange_actions(exchange, self.context["request"].user)

    @extend_schema_field(ThreadMessageSerializer(many=True))
    def get_messages(self, exchange) -> list[dict]:
        _conversation, messages = selectors.exchange_thread(exchange)
        return ThreadMessageSerializer(messages, many=True, context=self.context).data

    def get_reviews_revealed(self, exchange) -> bool:
        return reviews_are_revealed(exchange, list(exchange.reviews.all()))

    @extend_schema_field(ExchangeReviewSerializer(many=True))
    def get_reviews(self, exchange) -> list[dict]:
        visible = selectors.visible_reviews_of(exchange, self.context["request"].user)
        return ExchangeReviewSerializer(visible, many=True, context=self.context).data


class ExchangeAcceptedSerializer(ExchangeDetailSerializer):
    declined = serializers.SerializerMethodField(help_text="The pending requests this acceptance declined.")

    def get_declined(self, exchange) -> list[int]:
        return self.context.get("declined", [])


class SpanSerializer(serializers.Serializer):
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    kind = serializers.ChoiceField(choices=["taken", "blocked"])
    id = serializers.SerializerMethodField(help_text="A blocked period's id, for its author only.")

    def get_id(self, span) -> int | None:
        return span.pk if self.context.get("is_author") else None


class AvailabilitySerializer(serializers.Serializer):
    unit = serializers.ChoiceField(choices=ExchangeUnit.choices, help_text="Empty: not exchanged, write instead.")
    today = serializers.DateField()
    until = serializers.DateField()
    spans = SpanSerializer(many=True, help_text="Days taken by accepted exchanges, days blocked by the author.")
    departure = serializers.DateTimeField(allow_null=True, help_text="Trips only.")
    seats_total = serializers.IntegerField(help_text="Trips only.")
    seats_left = serializers.IntegerField(help_text="Trips only.")


class MemberProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="member.pk")
    display_name = serializers.CharField(source="member.profile.public_name")
    is_verified = serializers.BooleanField(source="member.is_verified_member", help_text="Sociétaire vérifié.")
    member_since = serializers.DateTimeField()
    completed_as_provider = serializers.IntegerField()
    completed_as_receiver = serializers.IntegerField()
    average_rating = serializers.FloatField(allow_null=True)
    reviews = ReviewSerializer(many=True, help_text="Revealed reviews received, newest first (50 at most).")


# --- Write ----------------------------------------------------------------------------------------
class ExchangeInputSerializer(serializers.Serializer):
    listing = serializers.IntegerField(help_text="The annonce's id.")
    start = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Days: the first day (YYYY-MM-DD). Slots: the start (ISO date-time). Trips: leave out.",
    )
    end = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Days: the last day, included (defaults to the first). Slots: the end. Trips: leave out.",
    )
    seats = serializers.IntegerField(required=False, default=1, min_value=1, max_value=99, help_text="Trips only.")
    message = serializers.CharField(max_length=3000, allow_blank=True, help_text="A few words to the other member.")


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, allow_blank=True, help_text="Required: told to the other side.")


class HandoverSerializer(serializers.Serializer):
    place = serializers.ChoiceField(choices=HandoverPlace.choices, allow_blank=True, help_text="Empty: to be agreed.")
    at = serializers.DateTimeField(required=False, allow_null=True, help_text="Required for « club ».")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReviewInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ExchangeMessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=3000, allow_blank=True)
