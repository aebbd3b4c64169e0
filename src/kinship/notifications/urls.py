from django.urls import path

from kinship.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_all_read, name="mark-all-read"),
    path("email/", views.update_email_preferences, name="email-preferences"),
]
