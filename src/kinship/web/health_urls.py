from django.urls import path

from kinship.web import health

urlpatterns = [path("", health.healthz, name="healthz")]
