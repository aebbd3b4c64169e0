"""Pages: the on-call rota."""

from django.urls import URLPattern, path

from kinship.safety.views import rota as views

urlpatterns: list[URLPattern] = [
    path("rota/", views.rota_page, name="rota"),
    path("rota/shifts/<int:shift_id>/remove/", views.shift_remove, name="shift-remove"),
]
