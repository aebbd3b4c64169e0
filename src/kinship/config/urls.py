from django.contrib import admin
from django.urls import include, path

from kinship.api.api import api

urlpatterns = [
    path("healthz", include("kinship.web.health_urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("me/", include("kinship.accounts.urls")),
    path("me/privacy/", include("kinship.privacy.urls")),
    path("notifications/", include("kinship.notifications.urls")),
    path("safety/", include("kinship.safety.urls")),
    path("forums/", include("kinship.forums.urls")),
    path("", include("kinship.directory.urls")),
    path("", include("kinship.web.urls")),
]
