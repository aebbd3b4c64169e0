"""Who may read, write and moderate which boards. Views, the API and safety ask only here.

- The forums are for signed-in members. A board without a group is open to all of them;
  a group's board to that group's active members and facilitators. Moderators,
  coordinators and admins see every board (they moderate them). Everyone else gets 404.
- A board is moderated (pin, lock, move, remove, edit history) by moderators,
  coordinators and admins, and a group's board also by that group's facilitators.
  Coordinators and admins create, edit and order boards.
- Held, hidden and deleted posts are seen only by their author and the board's
  moderators; a thread whose opening post is held likewise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kinship.accounts import groups
from kinship.accounts.models import Role, User
from kinship.core.querycache import CompiledQueryCache
from kinship.forums.models import Board, Post, Thread

SITE_MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})
BOARD_MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
_CACHE_ATTRIBUTE = "_kinship_forum_viewer"


@dataclass(frozen=True)
class Viewer:
    """A signed-in member's reach in the forums, worked out once per request."""

    user: User
    group_ids: frozenset[int]
    facilitated_group_ids: frozenset[int]

    @property
    def is_site_moderator(self) -> bool:
        return self.user.role in SITE_MODERATOR_ROLES

    def can_read(self, board: Board) -> bool:
        return (
            board.group_id is None
            or self.is_site_moderator
            or board.group_id in self.group_ids
            or board.group_id in self.facilitated_group_ids
        )

    def can_moderate(self, board: Board) -> bool:
        return self.is_site_moderator or (
            board.group_id is not None and board.group_id in self.facilitated_group_ids
        )

    def board_filter(self, prefix: str = "") -> Q:
        """A filter on boards (or on `prefix`-related boards) this viewer may read."""
        if self.is_site_moderator:
            return Q()
        readable = self.group_ids | self.facilitated_group_ids
        return Q(**{f"{prefix}group_id__isnull": True}) | Q(
            **{f"{prefix}group_id__in": sorted(readable)}
        )


def viewer_of(user: Any) -> Viewer | None:
    """The forum reach of `user`, or None for anyone not signed in (cached on the user)."""
    if not isinstance(user, User) or not user.is_active:
        return None
    cached: Viewer | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    found = groups.memberships(user)
    viewer = Viewer(user=user, group_ids=found.member_of, facilitated_group_ids=found.facilitates)
    setattr(user, _CACHE_ATTRIBUTE, viewer)
    return viewer


def forget_viewer(user: Any) -> None:
    """Drop the cached reach (after a membership changes within one request or test)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def require_viewer(user: Any) -> Viewer:
    viewer = viewer_of(user)
    if viewer is None:
        raise Http404("The forums are for signed-in members")
    return viewer


def visible_boards(user: Any) -> QuerySet[Board]:
    viewer = viewer_of(user)
    if viewer is None:
        return Board.objects.none()
    return Board.objects.filter(viewer.board_filter())


def visible_threads(user: Any) -> QuerySet[Thread]:
    """Threads in boards the member may read that everyone may see, plus their own held ones."""
    viewer = viewer_of(user)
    if viewer is None:
        return Thread.objects.none()
    return viewer_threads(viewer, author_id=viewer.user.pk)


def viewer_threads(viewer: Viewer, *, author_id: int) -> QuerySet[Thread]:
    """As `visible_threads`, with the viewer's own id given apart (see `queries`, which
    compiles thread lists once per shape and binds the id afterwards)."""
    threads = Thread.objects.filter(viewer.board_filter("board__"), is_deleted=False)
    if viewer.is_site_moderator:
        return threads
    shown = Q(is_held=False, is_hidden=False) | Q(author_id=author_id)
    if viewer.facilitated_group_ids:
        shown |= Q(board__group_id__in=sorted(viewer.facilitated_group_ids))
    return threads.filter(shown)


def visible_posts_filter(viewer: Viewer, board: Board, *, author_id: int | None = None) -> Q:
    """Which posts of a thread in `board` this viewer sees (moderators see all but erased).

    `author_id` stands for the viewer's own id where a query binds it later (`queries`)."""
    if viewer.can_moderate(board):
        return Q()
    return Q(is_held=False, is_hidden=False, is_deleted=False) | Q(
        author_id=viewer.user.pk if author_id is None else author_id, is_deleted=False
    )


def access_board_by_slug(user: Any, board_slug: str) -> Board:
    viewer = require_viewer(user)
    board = Board.objects.filter(slug=board_slug).first()
    if board is None or not viewer.can_read(board):
        raise Http404("No such board")
    return board


def access_thread_by_id(user: Any, thread_id: int) -> Thread:
    viewer = require_viewer(user)
    thread = Thread.objects.select_related("board").filter(pk=thread_id).first()
    if thread is None or not can_see_thread(viewer, thread):
        raise Http404("No such thread")
    return thread


_COMPILED = CompiledQueryCache()
# Every column of a thread and of a board, for reads that build them from rows.
THREAD_COLUMNS = tuple(field.attname for field in Thread._meta.concrete_fields)
BOARD_COLUMNS = tuple(field.attname for field in Board._meta.concrete_fields)


def thread_with_board(thread_id: int, *, for_update: bool = False) -> Thread | None:
    """A thread with its board (one query, compiled once; `for_update` locks the thread's
    row until the transaction ends, as a reply does while it counts itself in)."""

    def build(values: Sequence[Any]) -> QuerySet[Thread, Any]:
        threads = Thread.objects.filter(pk=values[0])
        if for_update:
            threads = threads.select_for_update(of=("self",))
        return threads.values_list(*THREAD_COLUMNS, *(f"board__{name}" for name in BOARD_COLUMNS))

    rows = _COMPILED.rows(("thread-with-board", for_update), build, [thread_id])
    if not rows:
        return None
    database = Thread.objects.db
    width = len(THREAD_COLUMNS)
    thread = Thread.from_db(database, THREAD_COLUMNS, rows[0][:width])
    thread._state.fields_cache["board"] = Board.from_db(database, BOARD_COLUMNS, rows[0][width:])
    return thread


def access_thread_for_reply(user: Any, thread_id: int) -> Thread:
    """The thread being answered, even when deleted meanwhile (the reply action then says
    so, 410): readers of its board who could see it get it, everyone else 404."""
    viewer = require_viewer(user)
    thread = thread_with_board(thread_id)
    if thread is None or not viewer.can_read(thread.board):
        raise Http404("No such thread")
    if thread.is_deleted:
        visible_before = thread.author_id == viewer.user.pk or not (
            thread.is_held or thread.is_hidden
        )
        if visible_before or viewer.can_moderate(thread.board):
            return thread
        raise Http404("No such thread")
    if not can_see_thread(viewer, thread):
        raise Http404("No such thread")
    return thread


def can_see_thread(viewer: Viewer, thread: Thread) -> bool:
    if not viewer.can_read(thread.board):
        return False
    if viewer.can_moderate(thread.board):
        return True
    if thread.is_deleted:
        return False
    return thread.author_id == viewer.user.pk or not (thread.is_held or thread.is_hidden)


def can_see_post(viewer: Viewer, post: Post) -> bool:
    thread = post.thread
    if not can_see_thread(viewer, thread):
        return False
    if viewer.can_moderate(thread.board):
        return True
    if post.author_id == viewer.user.pk:
        return not post.is_deleted
    return post.is_visible_to_all


def access_post_by_id(user: Any, post_id: int) -> Post:
    viewer = require_viewer(user)
    post = Post.objects.select_related("thread__board").filter(pk=post_id).first()
    if post is None or not can_see_post(viewer, post):
        raise Http404("No such post")
    return post


def check_write_permission(user: Any, board: Board) -> User:
    """Whether a member may start a thread or reply in `board` (read access checked first)."""
    viewer = require_viewer(user)
    if not viewer.can_read(board):
        raise Http404("No such board")
    if board.is_archived and not viewer.can_moderate(board):
        raise PermissionDenied(_("This board is archived: you can read it, but not post in it."))
    return viewer.user


def check_moderate_permission(user: Any, board: Board) -> User:
    viewer = require_viewer(user)
    if not viewer.can_read(board):
        raise Http404("No such board")
    if not viewer.can_moderate(board):
        raise PermissionDenied(_("Only this board's moderators can do that."))
    return viewer.user


def can_manage_boards(user: Any) -> bool:
    return isinstance(user, User) and user.is_active and user.role in BOARD_MANAGER_ROLES


def check_manage_boards_permission(user: Any) -> User:
    if not can_manage_boards(user):
        raise PermissionDenied(_("Only coordinators create and arrange boards."))
    assert isinstance(user, User)  # noqa: S101  (can_manage_boards checked it)
    return user


def check_edit_post_permission(user: Any, post: Post) -> User:
    """Members edit their own posts; moderators take details out through the queue."""
    viewer = require_viewer(user)
    if not can_see_post(viewer, post):
        raise Http404("No such post")
    if post.author_id != viewer.user.pk:
        raise PermissionDenied(_("You can edit only what you wrote."))
    if post.is_deleted:
        raise PermissionDenied(_("This post was deleted, so it can no longer be edited."))
    return viewer.user


def check_delete_post_permission(user: Any, post: Post) -> User:
    viewer = require_viewer(user)
    if not can_see_post(viewer, post):
        raise Http404("No such post")
    if post.author_id != viewer.user.pk and not viewer.can_moderate(post.thread.board):
        raise PermissionDenied(_("You can delete only what you wrote."))
    return viewer.user


def shows_author(viewer: Viewer | None, post_or_thread: Post | Thread) -> bool:
    """Whether the handle is shown: never for an anonymous post, except to its author."""
    if not post_or_thread.is_anonymous:
        return True
    return viewer is not None and post_or_thread.author_id == viewer.user.pk
