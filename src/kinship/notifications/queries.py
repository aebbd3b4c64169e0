"""Reads of a member's notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from kinship.accounts.models import User
from kinship.notifications.models import Notification


def list_notifications(*, user: User, is_unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user)
    if is_unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def count_unread(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
