"""What the alerts and rota API share: the caller and Ninja-shaped validation errors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from kinship.accounts.middleware import user_has_mfa
from kinship.accounts.models import User


def caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]  # set by the API's auth classes
    if not isinstance(user, User):
        raise HttpError(401, "Unauthorized")
    return user


def check_mfa(user: User) -> None:
    if user.is_staff_role and not user_has_mfa(user):
        raise HttpError(403, _("Staff need an authenticator app first: see /me/security/."))


def invalid(field: str, messages: list[str]) -> Status[dict[str, Any]]:
    """The same shape as Ninja's own 422, so clients handle one format."""
    problems = [
        {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}
        for message in messages
    ]
    return Status(422, {"detail": problems})
