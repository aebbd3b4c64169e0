"""Live replies: a reader's open thread page hears that a post was added or changed.

The consumer checks, on connect, that the reader may see the thread (the same rule as the
page); it then forwards only post ids. The page fetches what is new through its view.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from kinship.forums import live, permissions


def _may_read(user: Any, thread_id: int) -> bool:
    try:
        permissions.access_thread_by_id(user, thread_id)
    except Http404:
        return False
    return True


class ThreadConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    async def connect(self) -> None:
        user = self.scope.get("user")
        thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if not await database_sync_to_async(_may_read)(user, thread_id):
            await self.close(code=4404)
            return
        self.group_name = live.thread_group_name(thread_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def forum_post(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {"type": "post", "post_id": event["post_id"], "is_edit": event.get("is_edit", False)}
        )
