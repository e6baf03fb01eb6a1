from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenueConfig(AppConfig):
    name = "venue"
    verbose_name = _("Le lieu")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import OpeningException, OpeningHours, Room, Venue
        from .selectors import venue_forget

        for model in (Venue, OpeningHours, OpeningException, Room):
            post_save.connect(venue_forget, sender=model, dispatch_uid=f"venue_forget_save_{model.__name__}")
            post_delete.connect(venue_forget, sender=model, dispatch_uid=f"venue_forget_delete_{model.__name__}")
