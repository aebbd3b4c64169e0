"""Background work: telling followers and mentioned members about a post others can see."""

from __future__ import annotations

from django_tasks import task

from kinship.forums import actions, notices


@task()
def tell_followers(*, post_id: int) -> int:
    """Notify a visible post's followers and mentioned members once; returns how many."""
    return notices.tell_about_post(post_id=post_id)


@task()
def forget_old_idempotency_keys() -> int:
    """Delete idempotency keys older than a day; returns how many."""
    return actions.forget_old_idempotency_keys()
