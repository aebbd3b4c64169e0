"""Pages: the alert dashboard, one alert and its actions."""

from django.urls import URLPattern, path

from kinship.safety.views import alerts as views

urlpatterns: list[URLPattern] = [
    path("alerts/", views.alert_dashboard, name="alert-dashboard"),
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert-detail"),
    path("alerts/<int:alert_id>/text/", views.alert_text, name="alert-text"),
    path("alerts/<int:alert_id>/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("alerts/<int:alert_id>/assign/", views.alert_assign, name="alert-assign"),
    path("alerts/<int:alert_id>/in-contact/", views.alert_in_contact, name="alert-in-contact"),
    path("alerts/<int:alert_id>/notes/", views.alert_note, name="alert-note"),
    path("alerts/<int:alert_id>/resolve/", views.alert_resolve, name="alert-resolve"),
    path("alerts/<int:alert_id>/reopen/", views.alert_reopen, name="alert-reopen"),
]
