from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.account, name="account"),
    path("verification/", views.verification, name="verification"),
    path("profil/", views.profile_edit, name="profile"),
    path("mes-donnees/", views.data_export, name="data_export"),
    path("supprimer/", views.delete_account, name="delete"),
]
