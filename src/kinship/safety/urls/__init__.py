"""The safety app's pages: one module per area, joined under the `safety` namespace."""

from kinship.safety.urls import alerts, moderation, rota, support

app_name = "safety"

urlpatterns = [
    *alerts.urlpatterns,
    *rota.urlpatterns,
    *moderation.urlpatterns,
    *support.urlpatterns,
]
