"""Conversation and Message join the messaging app's state. Their tables already exist: listings
0006 renamed listings_conversation / listings_message to messaging_conversation /
messaging_message, rows included, so nothing is created here. The content types (and with them
the admin permissions and log entries) follow the models to the new app label."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["conversation", "message"]


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def forward(apps, schema_editor):
    _relabel(apps, "listings", "messaging")


def backward(apps, schema_editor):
    _relabel(apps, "messaging", "listings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('listings', '0006_conversations_move_to_messaging'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Conversation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('last_message_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('starter_read_at', models.DateTimeField(blank=True, null=True)),
                        ('author_read_at', models.DateTimeField(blank=True, null=True)),
                        ('starter_notified_at', models.DateTimeField(blank=True, null=True)),
                        ('author_notified_at', models.DateTimeField(blank=True, null=True)),
                        ('listing', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conversations', to='listings.listing', verbose_name='annonce')),
                        ('starter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='started_conversations', to=settings.AUTH_USER_MODEL, verbose_name='membre intéressé')),
            ],
                options={
                    'verbose_name': 'conversation',
                    'verbose_name_plural': 'conversations',
                    'ordering': ['-last_message_at'],
                },
            ),
            migrations.CreateModel(
                name='Message',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('body', models.TextField(max_length=3000, verbose_name='message')),
                    ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                    ('conversation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='messaging.conversation')),
                    ('sender', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'message',
                    'verbose_name_plural': 'messages',
                    'ordering': ['created_at', 'id'],
                },
            ),
            migrations.AddConstraint(
                model_name='conversation',
                constraint=models.UniqueConstraint(fields=('listing', 'starter'), name='one_conversation_per_member'),
            ),
                ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
