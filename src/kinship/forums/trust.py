"""Trust for new accounts and posting limits: spam slowed down, explained to the member.

- A new account (fewer than `KINSHIP_FORUMS_NEW_ACCOUNT_POSTS` posts that others can see)
  may post, but a post of theirs with a link waits for a moderator.
- Every member may post `KINSHIP_FORUMS_POSTS_PER_10_MINUTES` times in ten minutes and
  start `KINSHIP_FORUMS_THREADS_PER_HOUR` threads an hour; a new account half as many.
- Peer supporters, facilitators and staff are trusted and not limited.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kinship.accounts.models import Role, User
from kinship.core.querycache import CompiledQueryCache
from kinship.forums.models import Post

POST_WINDOW = timedelta(minutes=10)
THREAD_WINDOW = timedelta(hours=1)
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)|\]\(|\b[a-z0-9-]+\.(?:com|org|net|io|ly|me|co)\b")


class Trust:
    """Whether a member is trusted, asked of the database only when something needs it
    (a post with a link, or a member near the new-account posting limit)."""

    def __init__(self, user: User) -> None:
        self.user = user

    @cached_property
    def is_trusted(self) -> bool:
        return is_trusted(self.user)


def is_trusted(user: User) -> bool:
    if user.role != Role.MEMBER:
        return True
    seen = Post.objects.filter(
        author=user, is_held=False, is_hidden=False, is_deleted=False
    ).count()
    return seen >= settings.KINSHIP_FORUMS_NEW_ACCOUNT_POSTS


def has_link(text: str) -> bool:
    return _LINK.search(text) is not None


def _limit(base: int, *, trusted: bool) -> int:
    return base if trusted else max(1, base // 2)


def _wait_minutes(oldest: datetime, window: timedelta, now: datetime) -> int:
    return max(1, math.ceil((oldest + window - now).total_seconds() / 60))


_COMPILED = CompiledQueryCache()


def _recent_post_times(user: User, *, since: datetime, base: int, threads: bool) -> list[datetime]:
    """When the member's latest posts (or threads) since `since` were made, newest first,
    at most `base` (every post asks: compiled once per shape)."""

    def build(values: Sequence[Any]) -> QuerySet[Post, Any]:
        recent = Post.objects.filter(author_id=values[0], created_at__gte=values[1])
        if threads:
            recent = recent.filter(is_opening=True)
        return recent.order_by("-created_at").values_list("created_at")[:base]

    rows = _COMPILED.rows(("recent-posts", threads, base), build, [user.pk, since])
    return [created_at for (created_at,) in rows]


def check_rate(user: User, *, is_thread: bool, trust: Trust, now: datetime | None = None) -> None:
    """PermissionDenied, with when they can post again, once a member reaches a limit."""
    if user.role != Role.MEMBER:
        return
    moment = now or timezone.now()
    checks = [(POST_WINDOW, settings.KINSHIP_FORUMS_POSTS_PER_10_MINUTES)]
    if is_thread:
        checks.append((THREAD_WINDOW, settings.KINSHIP_FORUMS_THREADS_PER_HOUR))
    for window, base in checks:
        threads = window is THREAD_WINDOW
        times = _recent_post_times(user, since=moment - window, base=base, threads=threads)
        if len(times) < _limit(base, trusted=False):
            continue
        limit = _limit(base, trusted=trust.is_trusted)
        if len(times) < limit:
            continue
        times = times[:limit]
        minutes = _wait_minutes(times[-1], window, moment)
        if window is THREAD_WINDOW:
            message = ngettext(
                "You have started %(count)s threads in the last hour. To keep the forums free "
                "of spam, please wait about %(minutes)s minute before starting another. "
                "Replying is still open.",
                "You have started %(count)s threads in the last hour. To keep the forums free "
                "of spam, please wait about %(minutes)s minutes before starting another. "
                "Replying is still open.",
                minutes,
            )
        else:
            message = ngettext(
                "You have posted %(count)s times in the last 10 minutes. To keep the forums "
                "free of spam, please wait about %(minutes)s minute. Your words are still "
                "here.",
                "You have posted %(count)s times in the last 10 minutes. To keep the forums "
                "free of spam, please wait about %(minutes)s minutes. Your words are still "
                "here.",
                minutes,
            )
        raise RateLimited(message % {"count": limit, "minutes": minutes}, retry_after=minutes * 60)


class RateLimited(PermissionDenied):
    """A posting limit was reached; `retry_after` is in seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def new_account_link_note() -> str:
    return _(
        "Your post is saved. Because your account is new, posts with links wait for a "
        "moderator before others see them. This is to keep out spam, not because you did "
        "anything wrong."
    )
