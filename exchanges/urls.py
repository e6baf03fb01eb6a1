from django.urls import path

from . import record, views

app_name = "exchanges"

urlpatterns = [
    path("", views.my_exchanges, name="mine"),
    path("demander/<int:listing_pk>/", views.exchange_request, name="request"),
    path("<int:pk>/", views.exchange_detail, name="detail"),
    path("<int:pk>/accepter/", views.exchange_accept, name="accept"),
    path("<int:pk>/refuser/", views.exchange_decline, name="decline"),
    path("<int:pk>/retirer/", views.exchange_withdraw, name="withdraw"),
    path("<int:pk>/annuler/", views.exchange_cancel, name="cancel"),
    path("<int:pk>/terminer/", views.exchange_complete, name="complete"),
    path("<int:pk>/remise/", views.exchange_handover, name="handover"),
    path("<int:pk>/message/", views.exchange_message, name="message"),
    path("<int:pk>/avis/", views.exchange_review, name="review"),
    path("<int:pk>/avis/<int:review_pk>/signaler/", views.review_report, name="review_report"),
    path("<int:pk>/attestation/", record.exchange_record, name="record"),
    path("<int:pk>/attestation/telecharger/", record.exchange_record_download, name="record_download"),
]
