from django.urls import path

from . import conversation_views

app_name = "conversations"

urlpatterns = [
    path("", conversation_views.inbox, name="inbox"),
    path("<int:pk>/", conversation_views.thread, name="thread"),
]
