from django.urls import path
from django.views.generic import TemplateView

app_name = "accounts"

urlpatterns = [
    path("", TemplateView.as_view(template_name="web/home.html"), name="profile"),
    path("security/", TemplateView.as_view(template_name="web/home.html"), name="mfa-required"),
]
