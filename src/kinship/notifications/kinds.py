"""Notification kinds: each app registers the kinds it sends, so members can choose e-mail."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str | Promise
    is_email_allowed: bool = True
    # Sent by e-mail to a verified address whatever the member's choices: used only for
    # duties the member took on (being on call), never for anything about their own care.
    is_email_required: bool = False


_kinds: dict[str, NotificationKind] = {}


def register_kind(kind: NotificationKind) -> None:
    _kinds[kind.code] = kind


def get_kind(code: str) -> NotificationKind:
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"Unknown notification kind {code!r}; register it first") from None


def all_kinds() -> list[NotificationKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.code)


register_kind(NotificationKind("account.security", _("Security notices about my account")))
register_kind(NotificationKind("system.announcement", _("Announcements from the organization")))
