"""Live notifications: each signed-in tab joins its member's group and receives new ones.

With Redis as the channel layer every process (web server, task worker) reaches every
socket. With the embedded in-memory layer a notification saved by the separate task
worker (a safety alert escalating, say) cannot reach this process's sockets, so each
socket also looks in the database every `KINSHIP_LIVE_POLL_SECONDS` for anything newer
than what it has sent. Either way nothing is sent twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import InMemoryChannelLayer
from django.conf import settings

from kinship.notifications.actions import serialize, user_group_name
from kinship.notifications.models import Notification


def _latest_id(user_id: int) -> int:
    latest = (
        Notification.objects.filter(recipient_id=user_id)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return latest or 0


def _newer_than(user_id: int, last_id: int) -> list[dict[str, Any]]:
    newer = Notification.objects.filter(recipient_id=user_id, id__gt=last_id).order_by("id")
    return [serialize(notification) for notification in newer[:50]]


class NotificationConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        self.user_id = user.pk
        self.group_name = user_group_name(user.pk)
        self.last_sent_id = await database_sync_to_async(_latest_id)(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        self.poller: asyncio.Task[None] | None = None
        if _needs_polling(self.channel_layer):
            self.poller = asyncio.ensure_future(self._poll())

    async def disconnect(self, code: int) -> None:
        poller = getattr(self, "poller", None)
        if poller is not None:
            poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await poller
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # Clients only listen; a ping keeps proxies from closing an idle socket.
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def notification_created(self, event: dict[str, Any]) -> None:
        await self._send(event["notification"])

    async def _send(self, notification: dict[str, Any]) -> None:
        if notification["id"] <= self.last_sent_id:
            return
        self.last_sent_id = notification["id"]
        await self.send_json({"type": "notification", "notification": notification})

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(settings.KINSHIP_LIVE_POLL_SECONDS)
            for notification in await database_sync_to_async(_newer_than)(
                self.user_id, self.last_sent_id
            ):
                await self._send(notification)


def _needs_polling(layer: Any) -> bool:
    return isinstance(layer, InMemoryChannelLayer) and settings.KINSHIP_LIVE_POLL_SECONDS > 0
