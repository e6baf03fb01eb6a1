from django.urls import path

from . import views

app_name = "venue"

urlpatterns = [
    path("", views.home, name="home"),
    path("lieu/", views.place, name="place"),
    path("partenaires/", views.partners, name="partners"),
    path("partenaires/offres/", views.partner_offers, name="partner_offers"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("mentions-legales/", views.legal, name="legal"),
]
