"""Background work: telling followers and mentioned members about a post others can see."""

from __future__ import annotations

from django_tasks import task

from kinship.forums import notices


@task()
def tell_followers(*, post_id: int) -> int:
    """Notify a visible post's followers and mentioned members once; returns how many."""
    return notices.tell_about_post(post_id=post_id)
