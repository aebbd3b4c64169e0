"""Who hears about a post: the thread's followers, the board's followers for a new thread,
and members mentioned by handle. Each must be able to see the post; nobody hears about
their own post; anonymous posts are announced as "a member". Each post is announced once
(`Post.notified_at`), whether it became visible at once or when a moderator released it.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kinship.accounts.models import User
from kinship.forums import kinds, permissions
from kinship.forums.models import Follow, Post
from kinship.notifications.actions import notify

_MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9](?:[A-Za-z0-9._-]{0,28}[A-Za-z0-9])?)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
MAX_MENTIONS = 10


def mentioned_handles(body: str) -> list[str]:
    """Handles mentioned as @handle outside code, at most ten, in order, each once."""
    seen: dict[str, str] = {}
    for match in _MENTION.finditer(_CODE.sub(" ", body)):
        handle = match.group(1)
        seen.setdefault(handle.lower(), handle)
        if len(seen) >= MAX_MENTIONS:
            break
    return list(seen.values())


def _writer(post: Post, recipient: User) -> str:
    if post.is_anonymous or post.author is None:
        return _("A member")
    return post.author.handle


def tell_about_post(*, post_id: int) -> int:
    with transaction.atomic():
        claimed = Post.objects.filter(
            pk=post_id,
            notified_at__isnull=True,
            is_held=False,
            is_hidden=False,
            is_deleted=False,
        ).update(notified_at=timezone.now())
        if not claimed:
            return 0
        post = Post.objects.select_related("thread__board", "author").get(pk=post_id)
        thread = post.thread
        sent: set[int] = set()
        if post.author_id is not None:
            sent.add(post.author_id)
        count = 0
        handles = [handle.lower() for handle in mentioned_handles(post.body)]
        if handles:
            mentioned = User.objects.annotate(lowered=Lower("handle")).filter(
                lowered__in=handles, is_active=True
            )
            for member in mentioned:
                count += _tell(post, member, kinds.MENTION, sent)
        followers = Follow.objects.select_related("user").filter(thread=thread)
        for follow in followers:
            count += _tell(post, follow.user, kinds.REPLY, sent)
        if post.is_opening:
            for follow in Follow.objects.select_related("user").filter(board=thread.board):
                count += _tell(post, follow.user, kinds.NEW_THREAD, sent)
    return count


def _tell(post: Post, member: User, kind: str, sent: set[int]) -> int:
    if member.pk in sent or not member.is_active:
        return 0
    viewer = permissions.viewer_of(member)
    if viewer is None or not permissions.can_see_post(viewer, post):
        return 0
    sent.add(member.pk)
    thread = post.thread
    with override(member.preferred_language or None):
        writer = _writer(post, member)
        if kind == kinds.MENTION:
            title = _("%(writer)s mentioned you in “%(title)s”") % {
                "writer": writer,
                "title": thread.title,
            }
        elif kind == kinds.NEW_THREAD:
            title = _("New thread on %(board)s: “%(title)s”") % {
                "board": thread.board.name,
                "title": thread.title,
            }
        else:
            title = _("%(writer)s replied in “%(title)s”") % {
                "writer": writer,
                "title": thread.title,
            }
        notify(recipient=member, kind=kind, title=title[:200], url=post.get_absolute_url())
    return 1
