"""Forum posts as safety sees them: the ``forums.post`` content kind.

The moderation queue (in the safety app, which cannot import the forums) reads, holds,
releases, hides and edits posts through these functions. A content id is the post's
primary key as a string. Releasing a held post announces it to followers, once.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy

from kinship.accounts.models import User
from kinship.forums import actions, permissions, rendering
from kinship.forums.models import HeldReason, Post
from kinship.safety.content import ContentKind, register_content_kind


def _post(content_id: str) -> Post | None:
    if not content_id.isdigit():
        return None
    return Post.objects.select_related("thread__board").filter(pk=int(content_id)).first()


def post_text(content_id: str) -> str | None:
    post = _post(content_id)
    if post is None:
        return None
    if post.is_opening:
        return f"{post.thread.title}\n\n{post.body}"
    return post.body


def post_author_id(content_id: str) -> int | None:
    post = _post(content_id)
    return post.author_id if post is not None else None


def can_view_post(viewer: User, content_id: str) -> bool:
    post = _post(content_id)
    reach = permissions.viewer_of(viewer)
    return post is not None and reach is not None and permissions.can_see_post(reach, post)


def set_post_held(content_id: str, is_held: bool) -> None:
    post = _post(content_id)
    if post is None:
        return
    reason = (post.held_reason or HeldReason.SAFETY) if is_held else ""
    Post.objects.filter(pk=post.pk).update(is_held=is_held, held_reason=reason)
    actions.refresh_thread(post.thread_id)
    if not is_held:
        _announce_when_visible(post.pk)


def hide_post(content_id: str) -> None:
    post = _post(content_id)
    if post is None:
        return
    Post.objects.filter(pk=post.pk).update(is_hidden=True, is_held=False)
    actions.refresh_thread(post.thread_id)


def replace_post_text(content_id: str, text: str) -> None:
    """A moderator's edit: the body (for an opening post, the body below its title)."""
    post = _post(content_id)
    if post is None:
        return
    body = text
    if post.is_opening and text.startswith(post.thread.title):
        body = text[len(post.thread.title) :].lstrip("\n")
    Post.objects.filter(pk=post.pk).update(body=body, body_html=rendering.render_markdown(body))


def post_url(content_id: str) -> str:
    post = _post(content_id)
    return post.get_absolute_url() if post is not None else ""


def _announce_when_visible(post_id: int) -> None:
    def announce() -> None:
        from kinship.forums.tasks import tell_followers

        post = Post.objects.filter(pk=post_id).values("thread_id").first()
        if post is None:
            return
        from kinship.forums import live

        live.announce_post(thread_id=post["thread_id"], post_id=post_id)
        tell_followers.enqueue(post_id=post_id)

    transaction.on_commit(announce)


def register() -> None:
    register_content_kind(
        ContentKind(
            kind=actions.POST_KIND,
            label=gettext_lazy("Forum post"),
            get_text=post_text,
            get_author_id=post_author_id,
            can_view=can_view_post,
            set_held=set_post_held,
            hide=hide_post,
            replace_text=replace_post_text,
            get_url=post_url,
        )
    )
