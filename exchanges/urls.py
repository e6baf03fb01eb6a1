from django.urls import path

from . import views

app_name = "exchanges"

urlpatterns = [
    path("", views.my_exchanges, name="mine"),
    path("<int:pk>/", views.exchange_detail, name="detail"),
]
