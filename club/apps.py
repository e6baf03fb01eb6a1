from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubConfig(AppConfig):
    """The project package is an app only for cross-cutting infrastructure (the task outbox)."""

    name = "club"
    verbose_name = _("Infrastructure")

    def ready(self):
        from .page_cache import connect_signals

        connect_signals()
