"""What members do around posts: reactions, follows, read markers, visits and flags."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.forums import permissions
from kinship.forums.actions.posting import POST_KIND
from kinship.forums.models import (
    Board,
    BoardVisit,
    Follow,
    Post,
    Reaction,
    ReactionKind,
    Thread,
    ThreadRead,
)
from kinship.safety.actions import moderation as safety_moderation
from kinship.safety.models import FlagReason
from kinship.safety.queries import check_can_post


def _check_interact(member: User, post: Post) -> None:
    viewer = permissions.require_viewer(member)
    if not permissions.can_see_post(viewer, post):
        raise Http404("No such post")
    if not post.is_visible_to_all:
        raise PermissionDenied(_("You can react once others can see this post."))


def react(*, member: User, post: Post, kind: str) -> bool:
    """Add one reaction of a kind (once per member); True when it was new."""
    _check_interact(member, post)
    if kind not in ReactionKind.values:
        raise ValidationError(_("Choose one of the reactions."), code="invalid_reaction")
    check_can_post(member)
    _reaction, created = Reaction.objects.get_or_create(post=post, user=member, kind=kind)
    return created


def unreact(*, member: User, post: Post, kind: str) -> bool:
    _check_interact(member, post)
    deleted, _rows = Reaction.objects.filter(post=post, user=member, kind=kind).delete()
    return deleted > 0


def follow_thread(*, member: User, thread: Thread) -> Follow:
    permissions.access_thread_by_id(member, thread.pk)
    follow, _created = Follow.objects.get_or_create(user=member, thread=thread)
    return follow


def unfollow_thread(*, member: User, thread: Thread) -> None:
    Follow.objects.filter(user=member, thread=thread).delete()


def follow_board(*, member: User, board: Board) -> Follow:
    permissions.access_board_by_slug(member, board.slug)
    follow, _created = Follow.objects.get_or_create(user=member, board=board)
    return follow


def unfollow_board(*, member: User, board: Board) -> None:
    Follow.objects.filter(user=member, board=board).delete()


def mark_read(*, member: User, thread: Thread, post_id: int) -> None:
    """Move the member's read marker forward to `post_id`; never back. One statement."""
    table = ThreadRead._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, thread_id, last_read_post_id, updated_at) "  # noqa: S608  (table name from the model)
            "VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, thread_id) DO UPDATE SET "
            "last_read_post_id = excluded.last_read_post_id, updated_at = excluded.updated_at "
            f"WHERE excluded.last_read_post_id > {table}.last_read_post_id",
            [member.pk, thread.pk, post_id, timezone.now()],
        )


SAME_VISIT = timedelta(minutes=30)


def record_board_visit(
    *, member: User, board: Board, now: datetime | None = None
) -> datetime | None:
    """Note a visit; returns the previous visit (threads newer than it are "new").

    A visit within half an hour of the last is the same visit, so "new" stays until the
    member leaves. One statement (an upsert returning the previous visit).
    """
    moment = now or timezone.now()
    ops = connection.ops
    table = BoardVisit._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, board_id, visited_at, previous_visited_at) "  # noqa: S608  (table name from the model)
            "VALUES (%s, %s, %s, NULL) ON CONFLICT (user_id, board_id) DO UPDATE SET "
            f"previous_visited_at = CASE WHEN {table}.visited_at < %s "
            f"THEN {table}.visited_at ELSE {table}.previous_visited_at END, "
            "visited_at = excluded.visited_at RETURNING previous_visited_at",
            [
                member.pk,
                board.pk,
                ops.adapt_datetimefield_value(moment),
                ops.adapt_datetimefield_value(moment - SAME_VISIT),
            ],
        )
        row = cursor.fetchone()
    return _as_datetime(row[0] if row else None)


def _as_datetime(value: object) -> datetime | None:
    if value is None:
        return None
    found = value if isinstance(value, datetime) else parse_datetime(str(value))
    if found is None:
        return None
    return found if timezone.is_aware(found) else timezone.make_aware(found, UTC)


def flag_post(*, reporter: User, post: Post, reason: str, note: str = "") -> None:
    """Tell the moderators about a post (through the safety app's moderation queue)."""
    if reason not in FlagReason.values:
        raise ValidationError(_("Choose one of the reasons."), code="invalid_reason")
    safety_moderation.flag_content(
        reporter=reporter, source_kind=POST_KIND, source_id=str(post.pk), reason=reason, note=note
    )
