"""Board and thread lists: the boards a member may read and pages of threads (one query
each, compiled once per shape), with author labels and the reader's unread state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kinship.accounts import groups
from kinship.core.querycache import CompiledQueryCache
from kinship.forums import permissions
from kinship.forums.models import (
    Board,
    BoardVisit,
    Follow,
    Post,
    Thread,
    ThreadRead,
)
from kinship.forums.permissions import Viewer
from kinship.forums.timing import age, ago

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25
NEW_POSTS_LIMIT = 50


# Labels -----------------------------------------------------------------------------------


def author_label(viewer: Viewer | None, item: Post | Thread | ThreadSummary) -> str:
    """The handle, or "a member" for an anonymous post ("you, anonymously" to its author)."""
    if item.is_anonymous:
        if viewer is not None and item.author_id == viewer.user.pk:
            return _("you, anonymously")
        return _("a member")
    if isinstance(item, ThreadSummary):
        handle = item.author_handle
    else:
        handle = item.author.handle if item.author is not None else None
    if handle is None:
        return _("a former member")
    return handle


# Boards -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardRow:
    board: Board
    group_name: str = ""
    group_url: str = ""
    is_following: bool = False
    has_new: bool = False


def board_rows(user: Any, *, include_archived: bool = False) -> list[BoardRow]:
    """The boards a member may read, in the coordinators' order (three queries)."""
    viewer = permissions.viewer_of(user)
    if viewer is None:
        return []
    boards = permissions.visible_boards(user).annotate(
        is_following=Exists(Follow.objects.filter(board=OuterRef("pk"), user=viewer.user)),
        last_visit=Subquery(
            BoardVisit.objects.filter(board=OuterRef("pk"), user=viewer.user).values("visited_at")[
                :1
            ]
        ),
    )
    if not include_archived:
        boards = boards.filter(is_archived=False)
    rows = list(boards.order_by("position", "name"))
    names = groups.describe_groups({board.group_id for board in rows if board.group_id})
    result = []
    for board in rows:
        info = names.get(board.group_id) if board.group_id else None
        last_visit: datetime | None = board.last_visit
        result.append(
            BoardRow(
                board=board,
                group_name=info.name if info else "",
                group_url=info.url if info else "",
                is_following=board.is_following,
                has_new=bool(
                    board.last_post_at and (last_visit is None or board.last_post_at > last_visit)
                ),
            )
        )
    return result


def board_group(board: Board) -> groups.GroupInfo | None:
    if board.group_id is None:
        return None
    return groups.describe_groups([board.group_id]).get(board.group_id)


def is_following_board(user: Any, board: Board) -> bool:
    return Follow.objects.filter(user=user, board=board).exists()


# Thread lists -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreadLinks:
    """The thread and board link prefixes, made by one reverse each per list."""

    thread_prefix: str
    board_prefix: str
    language: str

    @classmethod
    def make(cls) -> ThreadLinks:
        return cls(
            thread_prefix=reverse("forums:thread", kwargs={"thread_id": 0})[: -len("0/")],
            board_prefix=reverse("forums:board", kwargs={"board_slug": "b"})[: -len("b/")],
            language=get_language() or "",
        )


@dataclass(frozen=True)
class ThreadRow:
    thread: ThreadSummary
    author: str
    is_unread: bool
    is_new: bool
    """Started or answered since the reader's previous visit to the board."""
    first_unread_post_id: int | None = None
    links: ThreadLinks | None = None
    is_readers_own: bool = False
    """Started by the reader (who sees "by you, anonymously" on their anonymous threads)."""

    @property
    def url(self) -> str:
        links = self.links or ThreadLinks.make()
        return f"{links.thread_prefix}{self.thread.pk}/"

    @property
    def board_url(self) -> str:
        links = self.links or ThreadLinks.make()
        return f"{links.board_prefix}{self.thread.board.slug}/"

    @property
    def fragment_key(self) -> tuple[object, ...]:
        """Every value the row's HTML shows (it is kept by them: `kinship.web.fragments`)."""
        thread = self.thread
        links = self.links or ThreadLinks.make()
        return (
            links.language,
            links.thread_prefix,
            links.board_prefix,
            thread.pk,
            thread.title,
            thread.board.slug,
            thread.board.name,
            self.author,
            thread.reply_count,
            thread.is_pinned,
            thread.is_locked,
            thread.is_held,
            self.is_unread,
            self.is_new,
            thread.last_post_at,
            age(thread.last_post_at),
        )

    @property
    def by_line(self) -> str:
        if self.thread.is_anonymous and self.is_readers_own:
            # Its own words: "by" changes the pronoun in some languages (Spanish "por ti").
            return _("by you, anonymously")
        return _("by %(author)s") % {"author": self.author}

    @property
    def replies(self) -> str:
        count = self.thread.reply_count
        return ngettext("%(counter)s reply", "%(counter)s replies", count) % {"counter": count}

    @property
    def last_post(self) -> str:
        return _("last post %(when)s") % {"when": ago(self.thread.last_post_at)}


@dataclass(frozen=True)
class ThreadPage:
    rows: list[ThreadRow]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True, slots=True)
class BoardSummary:
    pk: int
    slug: str
    name: str
    group_id: int | None


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    """What a thread list shows of a thread: plain values, no model instance per row."""

    pk: int
    title: str
    board: BoardSummary
    author_id: int | None
    author_handle: str | None
    is_anonymous: bool
    is_pinned: bool
    is_locked: bool
    is_held: bool
    reply_count: int
    last_post_at: datetime
    last_post_id: int | None

    def get_absolute_url(self) -> str:
        return reverse("forums:thread", kwargs={"thread_id": self.pk})


_THREAD_LIST_COLUMNS = (
    "id",
    "title",
    "board_id",
    "board__slug",
    "board__name",
    "board__group_id",
    "author_id",
    "author__handle",
    "is_anonymous",
    "is_pinned",
    "is_locked",
    "is_held",
    "reply_count",
    "last_post_at",
    "last_post_id",
    "last_read",
)


_COMPILED = CompiledQueryCache()
# Narrows a viewer's threads to one list, given the numbers that list binds after the
# reader's own: a board id, or the reader again for what they follow.
Narrow = Callable[[QuerySet[Thread], Sequence[int]], QuerySet[Thread]]


def _thread_rows(
    viewer: Viewer,
    kind: str,
    narrow: Narrow,
    numbers: Sequence[int] = (),
    *,
    page: int,
    per_page: int,
    since: datetime | None,
) -> ThreadPage:
    """A page of a thread list, with the reader's read markers (one query).

    The query is compiled once per shape (the list, the viewer's boards and moderation
    reach, the page) and run again with the reader's id bound (`core.querycache`).
    """
    start = (page - 1) * per_page
    reader = viewer.user.pk
    readable = tuple(sorted(viewer.group_ids | viewer.facilitated_group_ids))
    shape = (kind, viewer.is_site_moderator, readable, tuple(sorted(viewer.facilitated_group_ids)))
    # The reader's id is bound in two places (read markers, own held threads), or one for
    # site moderators, who see every thread.
    own = () if viewer.is_site_moderator else (reader,)

    def build(values: Sequence[Any]) -> QuerySet[Any]:
        marker_reader = int(values[0])
        author_id = int(values[1]) if own else 0
        rest = [int(value) for value in values[1 + len(own) :]]
        threads = narrow(permissions.viewer_threads(viewer, author_id=author_id), rest)
        return threads.annotate(
            last_read=Subquery(
                ThreadRead.objects.filter(thread=OuterRef("pk"), user_id=marker_reader).values(
                    "last_read_post_id"
                )[:1]
            )
        ).values_list(*_THREAD_LIST_COLUMNS)[start : start + per_page + 1]

    fetched = _COMPILED.rows((*shape, start, per_page), build, [reader, *own, *numbers])
    links = ThreadLinks.make()
    boards: dict[int, BoardSummary] = {}
    rows = []
    for values in fetched[:per_page]:
        (pk, title, board_id, board_slug, board_name, group_id, *rest) = values
        board = boards.get(board_id)
        if board is None:
            board = boards[board_id] = BoardSummary(board_id, board_slug, board_name, group_id)
        thread = ThreadSummary(pk, title, board, *rest[:-1])
        last_read: int | None = rest[-1]
        rows.append(
            ThreadRow(
                thread=thread,
                author=author_label(viewer, thread),
                is_unread=bool(thread.last_post_id and (last_read or 0) < thread.last_post_id),
                is_new=since is not None and thread.last_post_at > since,
                links=links,
                is_readers_own=thread.author_id == reader,
            )
        )
    return ThreadPage(rows=rows, page=page, has_next=len(fetched) > per_page)


def _in_board(threads: QuerySet[Thread], numbers: Sequence[int]) -> QuerySet[Thread]:
    return threads.filter(board_id=numbers[0]).order_by("-is_pinned", "-last_post_at", "-id")


def _across_boards(threads: QuerySet[Thread], numbers: Sequence[int]) -> QuerySet[Thread]:
    return threads.filter(board__is_archived=False).order_by("-last_post_at", "-id")


def _followed(threads: QuerySet[Thread], numbers: Sequence[int]) -> QuerySet[Thread]:
    follows = Follow.objects.filter(thread=OuterRef("pk"), user_id=numbers[0])
    return threads.filter(Exists(follows)).order_by("-last_post_at", "-id")


def board_threads(
    user: Any, board: Board, *, page: int = 1, since: datetime | None = None
) -> ThreadPage:
    """A board's threads, pinned first, then by latest post (one query)."""
    viewer = permissions.require_viewer(user)
    return _thread_rows(
        viewer,
        "board",
        _in_board,
        [board.pk],
        page=max(1, page),
        per_page=THREADS_PER_PAGE,
        since=since,
    )


def latest_threads(user: Any, *, page: int = 1) -> ThreadPage:
    """Threads across every board the member may read, latest post first (one query)."""
    viewer = permissions.require_viewer(user)
    return _thread_rows(
        viewer, "latest", _across_boards, page=max(1, page), per_page=THREADS_PER_PAGE, since=None
    )


def followed_threads(user: Any, *, page: int = 1) -> ThreadPage:
    viewer = permissions.require_viewer(user)
    return _thread_rows(
        viewer,
        "followed",
        _followed,
        [viewer.user.pk],
        page=max(1, page),
        per_page=THREADS_PER_PAGE,
        since=None,
    )
