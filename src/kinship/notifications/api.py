"""Notifications API: the signed-in member's own notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from kinship.accounts.api import ERRORS
from kinship.accounts.auth import api_auth
from kinship.accounts.models import User
from kinship.core.api import DATABASE_INT_MAX, DatabaseId
from kinship.notifications import actions, queries

router = Router(tags=["notifications"], auth=api_auth)


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
    ids: list[DatabaseId] = Field(max_length=500)


class MarkReadOut(Schema):
    marked: int


def _user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]  # set by the API's auth classes
    assert isinstance(user, User)  # noqa: S101
    return user


@router.get(
    "/notifications",
    response={200: NotificationPage, **ERRORS},
    summary="List my notifications",
)
def list_notifications(
    request: HttpRequest,
    unread: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=DATABASE_INT_MAX)] = 0,
) -> NotificationPage:
    user = _user(request)
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
    response={200: MarkReadOut, **ERRORS},
    summary="Mark some of my notifications as read",
)
def mark_read(request: HttpRequest, payload: MarkReadIn) -> MarkReadOut:
    return MarkReadOut(marked=actions.mark_read(user=_user(request), notification_ids=payload.ids))


@router.post(
    "/notifications/read-all",
    response={200: MarkReadOut, **ERRORS},
    summary="Mark all my notifications as read",
)
def mark_all_read(request: HttpRequest) -> MarkReadOut:
    return MarkReadOut(marked=actions.mark_read(user=_user(request)))
