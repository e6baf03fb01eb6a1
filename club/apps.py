from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClubConfig(AppConfig):
    """The project package is an app only for cross-cutting infrastructure (the task outbox)."""

    name = "club"
    verbose_name = _("Infrastructure")

    def ready(self):
        from . import badges, page_cache

        page_cache.connect_signals()
        badges.connect_signals()
