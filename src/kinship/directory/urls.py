from django.urls import include, path

from kinship.directory import views

app_name = "directory"

urlpatterns = [
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<slug:group_slug>/", views.group_detail, name="group-detail"),
    path("groups/<slug:group_slug>/edit/", views.group_edit, name="group-edit"),
    path("groups/<slug:group_slug>/join/", views.group_join, name="group-join"),
    path("groups/<slug:group_slug>/leave/", views.group_leave, name="group-leave"),
    path("groups/<slug:group_slug>/members/", views.group_members, name="group-members"),
    path(
        "groups/<slug:group_slug>/members/<int:membership_id>/<str:decision>/",
        views.membership_decide,
        name="membership-decide",
    ),
    path("groups/<slug:group_slug>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/", views.meeting_search, name="meeting-search"),
    path("meetings/<slug:meeting_slug>.ics", views.meeting_ics, name="meeting-ics"),
    path("meetings/<slug:meeting_slug>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<slug:meeting_slug>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<slug:meeting_slug>/save/", views.meeting_save, name="meeting-save"),
    path("meetings/<slug:meeting_slug>/rsvp/", views.meeting_rsvp, name="meeting-rsvp"),
    path("meetings/<slug:meeting_slug>/check-in/", views.meeting_check_in, name="meeting-check-in"),
    path(
        "meetings/<slug:meeting_slug>/attendance/",
        views.meeting_attendance,
        name="meeting-attendance",
    ),
    path("me/meetings/", views.my_meetings, name="my-meetings"),
    path("me/meetings/calendar/", views.calendar_link_create, name="calendar-link-create"),
    path("me/meetings/calendar/revoke/", views.calendar_link_revoke, name="calendar-link-revoke"),
    path("me/meetings/proof/", views.proof_of_attendance, name="proof-of-attendance"),
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("", include("kinship.directory.feeds.urls")),
]
