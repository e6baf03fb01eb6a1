from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("archives/", views.archive, name="archive"),
    path("mes-reservations/", views.my_bookings, name="my_bookings"),
    path("reservation/<str:token>/", views.booking_detail, name="booking"),
    path("reservation/<str:token>/annuler/", views.booking_cancel, name="booking_cancel"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/reserver/", views.booking_form, name="booking_form"),
    path("<slug:slug>/agenda.ics", views.event_calendar, name="ics"),
    path("<slug:slug>/renvoyer/", views.booking_resend, name="booking_resend"),
    path("<slug:slug>/accueil/", views.checkin, name="checkin"),
]
