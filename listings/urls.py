from django.urls import path

from . import discover_views, place_views, views

app_name = "listings"

urlpatterns = [
    path("", views.listing_list, name="list"),
    # Public: what the annonces are and how to join, for visitors who are not (yet) members.
    path("decouvrir/", discover_views.discover, name="discover"),
    path("nouvelle/", views.listing_choose_category, name="choose_category"),
    path("nouvelle/<slug:slug>/", views.listing_create, name="create"),
    path("mes-annonces/", views.my_listings, name="mine"),
    path("favoris/", views.favourites, name="favourites"),
    path("lieux/", place_views.place_suggestions, name="places"),
    path("photos/<int:pk>/<str:size>/", views.photo, name="photo"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/modifier/", views.listing_edit, name="edit"),
    path("<int:pk>/supprimer/", views.listing_delete, name="delete"),
    path("<int:pk>/favori/", views.favourite_toggle, name="favourite"),
    path("<int:pk>/signaler/", views.listing_report, name="report"),
    path("<int:pk>/contacter/", views.listing_contact, name="contact"),
    path("<int:pk>/<str:action>/", views.listing_action, name="action"),
]
