"""Every write of the notifications app: send, mark read, choose e-mail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

from kinship.accounts.models import User
from kinship.notifications.kinds import get_kind
from kinship.notifications.models import EmailPreference, Notification


def user_group_name(user_id: int) -> str:
    """The channel-layer group that reaches every open tab of one member."""
    return f"notifications.user.{user_id}"


def _broadcast(notification: Notification) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        user_group_name(notification.recipient_id),
        {"type": "notification.created", "notification": serialize(notification)},
    )


def serialize(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
        "is_read": notification.is_read,
    }


def wants_email(*, user: User, kind: str) -> bool:
    notification_kind = get_kind(kind)
    if not user.email or not notification_kind.is_email_allowed:
        return False
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        return False
    if notification_kind.is_email_required:
        return True
    return EmailPreference.objects.filter(user=user, kind=kind, is_enabled=True).exists()


def notify(
    *, recipient: User, kind: str, title: str, body: str = "", url: str = ""
) -> Notification:
    """Save an in-app notification; on commit, push it live and e-mail it if chosen."""
    get_kind(kind)
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient, kind=kind, title=title, body=body, url=url
        )
        send_email = wants_email(user=recipient, kind=kind)

        def after_commit() -> None:
            _broadcast(notification)
            if send_email:
                from kinship.notifications.tasks import send_notification_email

                send_notification_email.enqueue(notification_id=notification.pk)

        transaction.on_commit(after_commit)
    return notification


def notify_many(
    *, recipients: Iterable[User], kind: str, title: str, body: str = "", url: str = ""
) -> int:
    count = 0
    with transaction.atomic():
        for recipient in recipients:
            notify(recipient=recipient, kind=kind, title=title, body=body, url=url)
            count += 1
    return count


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark some (or all) of a member's unread notifications read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def set_email_preference(*, user: User, kind: str, is_enabled: bool) -> EmailPreference:
    get_kind(kind)
    preference, _created = EmailPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"is_enabled": is_enabled}
    )
    return preference
