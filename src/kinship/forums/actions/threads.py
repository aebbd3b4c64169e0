"""Thread moderation (pin, lock, move) and the counters threads and boards keep."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.forums import permissions
from kinship.forums.models import (
    Board,
    Post,
    Thread,
)


def refresh_thread(thread_id: int) -> None:
    """Recount what everyone may see in a thread and its board (two aggregate queries)."""
    thread = Thread.objects.select_related("board").get(pk=thread_id)
    visible = Post.objects.filter(
        thread_id=thread_id, is_held=False, is_hidden=False, is_deleted=False
    )
    stats = visible.aggregate(count=Count("id"), last_id=Max("id"), last_at=Max("created_at"))
    opening = (
        Post.objects.filter(thread_id=thread_id, is_opening=True)
        .values("is_held", "is_hidden")
        .first()
    )
    thread.reply_count = max(0, (stats["count"] or 0) - 1)
    thread.last_post_id = stats["last_id"]
    thread.last_post_at = stats["last_at"] or thread.created_at
    if opening is not None:
        thread.is_held = opening["is_held"]
        thread.is_hidden = opening["is_hidden"]
    thread.save(
        update_fields=["reply_count", "last_post_id", "last_post_at", "is_held", "is_hidden"]
    )
    refresh_board(thread.board_id)


def refresh_board(board_id: int) -> None:
    threads = Thread.objects.filter(
        board_id=board_id, is_held=False, is_hidden=False, is_deleted=False
    )
    stats = threads.aggregate(
        count=Count("id"), replies=Sum("reply_count"), last_at=Max("last_post_at")
    )
    count = stats["count"] or 0
    Board.objects.filter(pk=board_id).update(
        thread_count=count,
        post_count=count + (stats["replies"] or 0),
        last_post_at=stats["last_at"],
    )


# Moderating threads -----------------------------------------------------------------------


def _set_thread_flag(
    *, actor: User, thread: Thread, field: str, value: bool, action: AuditAction
) -> Thread:
    permissions.check_moderate_permission(actor, thread.board)
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(**{field: value})
        setattr(thread, field, value)
        record_audit(
            action=action,
            actor=actor,
            subject_kind="forums.thread",
            subject_id=thread.pk,
            data={field.removeprefix("is_"): value},
        )
    return thread


def set_pinned(*, actor: User, thread: Thread, is_pinned: bool) -> Thread:
    return _set_thread_flag(
        actor=actor,
        thread=thread,
        field="is_pinned",
        value=is_pinned,
        action=AuditAction.THREAD_PINNED,
    )


def set_locked(*, actor: User, thread: Thread, is_locked: bool) -> Thread:
    return _set_thread_flag(
        actor=actor,
        thread=thread,
        field="is_locked",
        value=is_locked,
        action=AuditAction.THREAD_LOCKED,
    )


def move_thread(*, actor: User, thread: Thread, board: Board) -> Thread:
    """Move a thread to another board; the mover must moderate both boards."""
    permissions.check_moderate_permission(actor, thread.board)
    permissions.check_moderate_permission(actor, board)
    if board.pk == thread.board_id:
        return thread
    if thread.is_anonymous and not board.allows_anonymous:
        raise ValidationError(
            _("This thread has anonymous posts; move it only to a board that allows them."),
            code="anonymous_not_allowed",
        )
    with transaction.atomic():
        old_board_id = thread.board_id
        Thread.objects.filter(pk=thread.pk).update(board=board)
        thread.board = board
        record_audit(
            action=AuditAction.THREAD_MOVED,
            actor=actor,
            subject_kind="forums.thread",
            subject_id=thread.pk,
            data={"from_board_id": old_board_id, "to_board_id": board.pk},
        )
        refresh_board(old_board_id)
        refresh_board(board.pk)
    return thread


# Boards -----------------------------------------------------------------------------------
