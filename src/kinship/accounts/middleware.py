"""Staff protections: MFA enrolment before staff pages, and a shorter session for staff."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Staff pages: the admin and every later staff dashboard live under these prefixes.
STAFF_PATH_PREFIXES = ("/admin/", "/staff/")
MFA_EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz")


def user_has_mfa(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
            last_seen = request.session.get("kinship_last_seen")
            if isinstance(last_seen, int) and now - last_seen > settings.STAFF_SESSION_SECONDS:
                logout(request)
                return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
            request.session["kinship_last_seen"] = now
        return self.get_response(request)
