"""The inbox and threads at /messages/ (namespace `conversations`, as before the move)."""

from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.thread, name="thread"),
]
