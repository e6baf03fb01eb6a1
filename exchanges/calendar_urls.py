"""Included by club/urls.py under « echanges/ », next to exchanges.urls."""

from django.urls import path

from . import calendar_views

app_name = "exchange_calendar"

urlpatterns = [
    path("annonces/<int:pk>/disponibilites/", calendar_views.availability, name="availability"),
    path("annonces/<int:pk>/disponibilites/<int:period_pk>/debloquer/", calendar_views.unblock, name="unblock"),
    path("agenda/<str:token>.ics", calendar_views.feed, name="feed"),
    path("agenda/nouvelle-adresse/", calendar_views.feed_rotate, name="feed_rotate"),
]
