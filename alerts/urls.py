from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.saved_search_list, name="list"),
    path("nouvelle/", views.saved_search_create, name="create"),
    path("voisins/", views.neighbour_alert, name="neighbours"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.saved_search_open, name="open"),
    path("<int:pk>/modifier/", views.saved_search_edit, name="edit"),
    path("<int:pk>/basculer/", views.saved_search_toggle, name="toggle"),
    path("<int:pk>/supprimer/", views.saved_search_delete, name="delete"),
]
