"""allauth adapter: handles as usernames, e-mail optional, every security event audited."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from kinship.accounts import actions
from kinship.accounts.models import User


def client_ip(request: HttpRequest | None) -> str | None:
    """The address Django saw; the proxy in front of Django is trusted to set REMOTE_ADDR."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth ships no types
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_taken": _(
            "Someone already uses that handle. Capital letters don't count, "
            "so “Marisol” and “marisol” are the same. Please pick another."
        ),
        "too_many_login_attempts": _(
            "Too many tries to sign in. For your safety, please wait 5 minutes and try again."
        ),
    }

    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        user = super().save_user(request, user, form, commit=False)
        if commit:
            actions.register_member(user=user)
        return user

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post_login(request, user, **kwargs)
        actions.record_sign_in(user=user, ip_address=client_ip(request))
        return response

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        handle = credentials.get("username") or ""
        actions.record_sign_in_failed(handle=handle, ip_address=client_ip(request))

    def logout(self, request: HttpRequest) -> None:
        user = request.user
        if isinstance(user, User):
            actions.record_sign_out(user=user, ip_address=client_ip(request))
        super().logout(request)
