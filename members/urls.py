from django.urls import path

from . import profile_views, views

app_name = "members"

urlpatterns = [
    path("", views.account, name="account"),
    path("verification/", views.verification, name="verification"),
    path("profil/", views.profile_edit, name="profile"),
    # Another member's profile shares the name: reverse("members:profile") is one's own profile to
    # edit, reverse("members:profile", args=[pk]) a member's public page (Django picks by arguments).
    path("membres/<int:pk>/", profile_views.member_profile, name="profile"),
    path("mes-donnees/", views.data_export, name="data_export"),
    path("supprimer/", views.delete_account, name="delete"),
]
