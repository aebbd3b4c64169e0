"""Included by the directory's URLconf: `path("", include("kinship.directory.feeds.urls"))`."""

from __future__ import annotations

from django.urls import path

from kinship.directory.feeds import views

urlpatterns = [
    path("meetings.json", views.meetings_feed, name="meetings-feed"),
]
