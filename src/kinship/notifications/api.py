"""Notifications API: the signed-in member's own notifications."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from kinship.accounts.models import User
from kinship.notifications import actions, queries

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    is_read: bool


class NotificationPage(Schema):
    count: int
    unread: int
    results: list[NotificationOut]


class MarkReadIn(Schema):
    ids: list[int] | None = None


class MarkReadOut(Schema):
    marked: int


class ErrorOut(Schema):
    detail: str


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]  # set by the API's auth classes
    assert isinstance(user, User)  # noqa: S101
    return user


@router.get(
    "/notifications",
    response={200: NotificationPage, 401: ErrorOut},
    summary="List my notifications",
)
def list_notifications(
    request: HttpRequest, unread: bool = False, limit: int = 50, offset: int = 0
) -> NotificationPage:
    user = _user(request)
    limit = max(1, min(limit, 200))
    offset = max(0, offset)
    notifications = queries.list_notifications(user=user, is_unread_only=unread)
    return NotificationPage(
        count=notifications.count(),
        unread=queries.count_unread(user=user),
        results=[
            NotificationOut(**actions.serialize(item))
            for item in notifications[offset : offset + limit]
        ],
    )


@router.post(
    "/notifications/read",
    response={200: MarkReadOut, 401: ErrorOut, 422: ErrorOut},
    summary="Mark notifications as read (all when no ids are given)",
)
def mark_read(request: HttpRequest, payload: MarkReadIn) -> MarkReadOut:
    return MarkReadOut(marked=actions.mark_read(user=_user(request), notification_ids=payload.ids))
