"""Every write of the forums: boards, threads, posts, reactions, follows and read markers.

Posting (`posting`: start a thread, reply, edit, delete) takes one write path, described
there; thread moderation and counters are in `threads`, boards in `boards`, and what
members do around posts (reactions, follows, read markers, visits, flags) in `members`.
Callers use this package: `from kinship.forums import actions`.
"""

from __future__ import annotations

from kinship.forums.actions.boards import create_board, move_board, update_board
from kinship.forums.actions.members import (
    SAME_VISIT,
    flag_post,
    follow_board,
    follow_thread,
    mark_read,
    react,
    record_board_visit,
    unfollow_board,
    unfollow_thread,
    unreact,
)
from kinship.forums.actions.posting import (
    IDEMPOTENCY_KEY_LIFETIME,
    POST_KIND,
    SCREENING_CHANNEL,
    ContentRulesBroken,
    PostOutcome,
    ThreadClosed,
    delete_post,
    edit_post,
    forget_old_idempotency_keys,
    reply,
    start_thread,
)
from kinship.forums.actions.threads import (
    move_thread,
    refresh_board,
    refresh_thread,
    set_locked,
    set_pinned,
)

__all__ = [
    "IDEMPOTENCY_KEY_LIFETIME",
    "POST_KIND",
    "SAME_VISIT",
    "SCREENING_CHANNEL",
    "ContentRulesBroken",
    "PostOutcome",
    "ThreadClosed",
    "create_board",
    "delete_post",
    "edit_post",
    "flag_post",
    "follow_board",
    "follow_thread",
    "forget_old_idempotency_keys",
    "mark_read",
    "move_board",
    "move_thread",
    "react",
    "record_board_visit",
    "refresh_board",
    "refresh_thread",
    "reply",
    "set_locked",
    "set_pinned",
    "start_thread",
    "unfollow_board",
    "unfollow_thread",
    "unreact",
    "update_board",
]
