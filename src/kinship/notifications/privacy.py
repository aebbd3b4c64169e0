"""How a member's notifications are exported and erased (registered with privacy)."""

from __future__ import annotations

from typing import Any

from kinship.accounts.models import User
from kinship.notifications.models import EmailPreference, Notification
from kinship.privacy.registry import register_data_handler


def export_notifications(user: User, /) -> dict[str, Any]:
    return {
        "notifications": [
            {
                "kind": item.kind,
                "title": item.title,
                "body": item.body,
                "url": item.url,
                "created_at": item.created_at.isoformat(),
                "read_at": item.read_at.isoformat() if item.read_at else None,
            }
            for item in Notification.objects.filter(recipient=user).order_by("created_at", "id")
        ],
        "email_choices": [
            {"kind": preference.kind, "send_by_email": preference.is_enabled}
            for preference in EmailPreference.objects.filter(user=user).order_by("kind")
        ],
    }


def erase_notifications(user: User, /, *, keep_posts_anonymised: bool) -> None:
    # Notifications are addressed to the member and mean nothing without them.
    Notification.objects.filter(recipient=user).delete()
    EmailPreference.objects.filter(user=user).delete()


def register() -> None:
    register_data_handler(
        "notifications", exporter=export_notifications, eraser=erase_notifications
    )
