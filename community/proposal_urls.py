from django.urls import path

from . import proposal_views as views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("nouvelle/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/soutenir/", views.proposal_support, name="support"),
]
