"""Pages: moderation (the queue and cases for moderators, the flag form for members)."""

from django.urls import URLPattern, path

from kinship.safety.views import moderation

urlpatterns: list[URLPattern] = [
    path("moderation/", moderation.moderation_queue, name="moderation-queue"),
    path("moderation/<int:case_id>/", moderation.case_detail, name="case-detail"),
    path(
        "moderation/suspensions/<int:suspension_id>/lift/",
        moderation.suspension_lift,
        name="suspension-lift",
    ),
    path("flag/", moderation.flag, name="flag"),
]
