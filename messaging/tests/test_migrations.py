"""Moving the conversations out of listings keeps every row: listings 0006 renames the tables,
messaging 0001 only changes Django's state. Run backwards to main's schema and forwards again
on the test database (PostgreSQL and SQLite)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from listings.tests.factories import ListingFactory
from members.tests.factories import VerifiedMemberFactory
from messaging import services
from messaging.models import Conversation, Message

BEFORE = [("listings", "0005_listing_published_point"), ("messaging", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _tables():
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True)
def test_conversations_survive_the_move_both_ways():
    listing = ListingFactory()
    message = services.conversation_start(listing=listing, sender=VerifiedMemberFactory(), body="Avant le départ")
    reply = services.message_send(conversation=message.conversation, sender=listing.author, body="Réponse")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        _migrate(BEFORE)  # main's schema, before the move
        assert {"listings_conversation", "listings_message"} <= _tables()
        assert not {"messaging_conversation", "messaging_message"} & _tables()
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, body FROM listings_message ORDER BY id")
            assert cursor.fetchall() == [(message.pk, "Avant le départ"), (reply.pk, "Réponse")]
    finally:
        _migrate(latest)
    assert {"messaging_conversation", "messaging_message"} <= _tables()
    assert not {"listings_conversation", "listings_message"} & _tables()
    conversation = Conversation.objects.get()
    assert conversation.pk == message.conversation_id and conversation.listing == listing
    assert list(Message.objects.values_list("pk", "body")) == [(message.pk, "Avant le départ"), (reply.pk, "Réponse")]
    # The constraints came along: still one thread per (annonce, member), new rows get new ids.
    again = services.conversation_start(listing=listing, sender=conversation.starter, body="Encore")
    assert again.conversation_id == conversation.pk and again.pk > reply.pk
