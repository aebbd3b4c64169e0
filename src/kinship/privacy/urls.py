from django.urls import path

from kinship.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_settings, name="settings"),
    path("share/", views.grant_consent, name="consent-grant"),
    path("share/<int:grant_id>/stop/", views.revoke_consent, name="consent-revoke"),
    path("download/", views.download_data, name="export"),
    path("delete/", views.request_deletion, name="delete-request"),
    path("delete/cancel/", views.cancel_deletion, name="delete-cancel"),
]
