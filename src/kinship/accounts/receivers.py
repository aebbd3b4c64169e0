"""allauth owns these flows and reports them only by signal; each handler calls one action."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.http import HttpRequest

from kinship.accounts import actions
from kinship.accounts.adapter import client_ip
from kinship.accounts.models import User


def on_password_changed(*, request: HttpRequest, user: User, **kwargs: Any) -> None:
    actions.record_password_changed(user=user, ip_address=client_ip(request))


def on_password_reset(*, request: HttpRequest, user: User, **kwargs: Any) -> None:
    actions.record_password_reset(user=user, ip_address=client_ip(request))


def on_email_changed(*, request: HttpRequest, user: User, **kwargs: Any) -> None:
    actions.record_email_changed(user=user, ip_address=client_ip(request))


def on_authenticator_added(
    *, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    actions.record_mfa_changed(
        user=user,
        authenticator_type=authenticator.type,
        is_enabled=True,
        ip_address=client_ip(request),
    )


def on_authenticator_removed(
    *, request: HttpRequest, user: User, authenticator: Any, **kwargs: Any
) -> None:
    actions.record_mfa_changed(
        user=user,
        authenticator_type=authenticator.type,
        is_enabled=False,
        ip_address=client_ip(request),
    )


def connect() -> None:
    """Called once from AccountsConfig.ready()."""
    uid = "kinship.accounts.receivers"
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=f"{uid}.pw")
    account_signals.password_set.connect(on_password_changed, dispatch_uid=f"{uid}.pw-set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=f"{uid}.reset")
    account_signals.email_changed.connect(on_email_changed, dispatch_uid=f"{uid}.email")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid=f"{uid}.mfa+")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid=f"{uid}.mfa-")
