"""How a member's forum data is exported and erased (registered with privacy).

Export: their threads and posts (with the Markdown they wrote, anonymous ones marked),
earlier versions of their posts, reactions, follows. Erasure: with
`keep_posts_anonymised` their posts stay for the conversations others had with them, shown
as "a member" and detached from the account; without it their posts' words are removed
(the thread keeps its place, saying a post was removed) and threads they started with
nobody else's replies are deleted. Their reactions, follows, read markers and keys go.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from kinship.accounts.models import User
from kinship.forums.actions import refresh_thread
from kinship.forums.models import (
    BoardVisit,
    Follow,
    IdempotencyKey,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadRead,
)
from kinship.privacy.registry import register_data_handler

ERASED_TEXT = "(removed at the writer's request)"


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_forums(user: User, /) -> dict[str, Any]:
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread__board")
        .order_by("created_at", "id")
    )
    return {
        "posts": [
            {
                "board": post.thread.board.name,
                "thread": post.thread.title,
                "started_thread": post.is_opening,
                "anonymous": post.is_anonymous,
                "content_note": post.content_note,
                "text": post.body,
                "posted_at": _when(post.created_at),
                "edited_at": _when(post.edited_at),
                "deleted": post.is_deleted,
                "waiting_for_moderator": post.is_held,
                "hidden_by_moderator": post.is_hidden,
            }
            for post in posts
        ],
        "earlier_versions": [
            {
                "post_id": revision.post_id,
                "text": revision.body,
                "replaced_at": _when(revision.replaced_at),
            }
            for revision in PostRevision.objects.filter(post__author=user).order_by(
                "replaced_at", "id"
            )
        ],
        "reactions": [
            {"post_id": row.post_id, "reaction": row.kind, "at": _when(row.created_at)}
            for row in Reaction.objects.filter(user=user).order_by("created_at", "id")
        ],
        "following": [
            {
                "thread": row.thread.title if row.thread else None,
                "board": row.board.name if row.board else None,
            }
            for row in Follow.objects.filter(user=user).select_related("thread", "board")
        ],
    }


def erase_forums(user: User, /, *, keep_posts_anonymised: bool) -> None:
    Reaction.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()
    BoardVisit.objects.filter(user=user).delete()
    IdempotencyKey.objects.filter(user=user).delete()
    mine = Post.objects.filter(author=user)
    PostRevision.objects.filter(post__in=mine).delete()
    if keep_posts_anonymised:
        Thread.objects.filter(author=user).update(author=None, is_anonymous=True)
        mine.update(author=None, is_anonymous=True)
        return
    now = timezone.now()
    others = Post.objects.filter(thread=OuterRef("pk")).filter(
        Q(author__isnull=True) | ~Q(author=user)
    )
    Thread.objects.filter(author=user).exclude(Exists(others)).delete()
    touched = list(Post.objects.filter(author=user).values_list("thread_id", flat=True).distinct())
    Thread.objects.filter(author=user).update(author=None, is_anonymous=True, title=ERASED_TEXT)
    Post.objects.filter(author=user).update(
        author=None,
        is_anonymous=True,
        body=ERASED_TEXT,
        body_html=f"<p>{ERASED_TEXT}</p>",
        content_note="",
        is_deleted=True,
        deleted_at=now,
    )
    for thread_id in touched:
        refresh_thread(thread_id)


def register() -> None:
    register_data_handler("forums", exporter=export_forums, eraser=erase_forums)
