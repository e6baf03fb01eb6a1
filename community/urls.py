from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("nouveau/", views.group_create, name="create"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/modifier/", views.group_edit, name="edit"),
    path("<int:pk>/image/", views.group_picture, name="picture"),
    path("<int:pk>/rejoindre/", views.group_join, name="join"),
    path("<int:pk>/quitter/", views.group_leave, name="leave"),
    path("<int:pk>/e-mails/", views.group_notify, name="notify"),
    path("<int:pk>/partager/", views.group_share, name="share"),
    path("<int:pk>/membres/<int:membership_pk>/<str:action>/", views.member_action, name="member_action"),
    path("<int:pk>/signalements/<int:report_pk>/<str:action>/", views.report_action, name="report_action"),
    path("annonce/<int:listing_pk>/partager/", views.listing_groups, name="listing_groups"),
    path("messages/<int:pk>/repondre/", views.post_reply, name="reply"),
    path("messages/<int:pk>/signaler/", views.post_report, name="report"),
    path("messages/<int:pk>/<str:action>/", views.post_action, name="post_action"),
]
