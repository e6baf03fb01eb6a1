from django.urls import path

from . import profile_views, views

app_name = "members"

urlpatterns = [
    path("", views.account, name="account"),
    path("verification/", views.verification, name="verification"),
    path("profil/", views.profile_edit, name="profile"),
    # A member's public profile, as other verified members see it.
    path("membres/<int:pk>/", profile_views.member_profile, name="member"),
    path("mes-donnees/", views.data_export, name="data_export"),
    path("supprimer/", views.delete_account, name="delete"),
]
