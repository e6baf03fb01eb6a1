"""Conversation and Message move to the messaging app without losing a row: their tables are
renamed here (listings_conversation → messaging_conversation, listings_message →
messaging_message; ids, foreign keys, indexes and the `one_conversation_per_member` constraint
are kept), then the models leave listings' state. messaging 0001 adds them to its own state
without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("listings", "0005_listing_published_point")]

    operations = [
        migrations.AlterModelTable(name="conversation", table="messaging_conversation"),
        migrations.AlterModelTable(name="message", table="messaging_message"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Message"),
                migrations.DeleteModel(name="Conversation"),
            ],
            database_operations=[],
        ),
    ]
