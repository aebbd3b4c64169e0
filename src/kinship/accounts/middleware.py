"""Staff protections: MFA enrolment before staff pages, and a shorter session for staff."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from kinship.accounts import actions
from kinship.accounts.adapter import client_ip

# Staff pages: the admin and every later staff dashboard live under these prefixes.
STAFF_PATH_PREFIXES = ("/admin/", "/staff/", "/me/staff/")
LAST_SEEN_SESSION_KEY = "kinship_last_seen"
# Pages that refresh themselves (the alert dashboard) send this header, so an open tab
# left alone does not keep a staff session alive.
AUTOMATIC_REFRESH_HEADER = "X-Kinship-Refresh"


def user_has_mfa(user: object) -> bool:
    """Has this account enrolled an authenticator app (TOTP)?"""
    from allauth.mfa.models import Authenticator

    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


class StaffMfaRequiredMiddleware:
    """A staff-role account reaches staff pages only after enrolling TOTP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "is_staff_role", False)
            and request.path.startswith(STAFF_PATH_PREFIXES)
            and not user_has_mfa(user)
        ):
            return redirect("accounts:mfa-required")
        return self.get_response(request)


class StaffSessionMiddleware:
    """Sign staff out after `STAFF_SESSION_SECONDS` without activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and getattr(user, "is_staff_role", False):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_SESSION_KEY)
            if isinstance(last_seen, int) and now - last_seen > settings.STAFF_SESSION_SECONDS:
                actions.record_sign_out(
                    user=user,
                    ip_address=client_ip(request),
                    reason="staff_session_expired",
                )
                logout(request)
                return _to_sign_in(request)
            if request.headers.get(AUTOMATIC_REFRESH_HEADER) != "1":
                request.session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    """The sign-in page; an htmx request gets the whole tab sent there, not a fragment."""
    if request.headers.get("HX-Request") == "true":
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        target = current.path + (f"?{current.query}" if current.query else "") or "/"
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{settings.LOGIN_URL_PATH}?{urlencode({'next': target})}"
        return response
    return redirect(f"{settings.LOGIN_URL_PATH}?{urlencode({'next': request.get_full_path()})}")
