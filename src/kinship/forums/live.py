"""Telling a thread's open pages about a new or changed post, over the channel layer.

Only the post's id travels: each page then asks for what is new through the same view
that checks what its reader may see, so a held post never reaches anyone else's screen.
"""

from __future__ import annotations

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer


def thread_group_name(thread_id: int) -> str:
    return f"forums.thread.{thread_id}"


def announce_post(*, thread_id: int, post_id: int, is_edit: bool = False) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        thread_group_name(thread_id),
        {"type": "forum.post", "post_id": post_id, "is_edit": is_edit},
    )
