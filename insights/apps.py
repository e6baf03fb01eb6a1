from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Tableau de bord")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(_record_login_day, dispatch_uid="insights_login_day")


def _record_login_day(sender, user, **kwargs):
    """Every login (allauth's too: it logs in through django.contrib.auth) counts its day in the
    dashboard's active members."""
    from .services import active_member_day_record

    active_member_day_record(user=user)
