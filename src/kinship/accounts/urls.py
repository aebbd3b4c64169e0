from django.urls import path

from kinship.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("people/<str:handle>/", views.person, name="person"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("security/", views.mfa_required, name="mfa-required"),
    path("staff/", views.staff_home, name="staff-home"),
]
