"""The reads behind forum pages and the API, each a fixed number of queries.

A thread page is: the thread with the reader's follow and read marker (one query), its
page of posts with their authors (one), and reaction counts with the reader's own (one),
whatever the page size. A thread list is the threads with their boards and authors (one)
and the reader's read markers (one). The reader's group memberships are one more query,
once per request (`permissions.viewer_of`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from kinship.accounts import groups
from kinship.forums import permissions
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
from kinship.forums.permissions import Viewer

POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 25
NEW_POSTS_LIMIT = 50


# Labels -----------------------------------------------------------------------------------


def author_label(viewer: Viewer | None, item: Post | Thread) -> str:
    """The handle, or "a member" for an anonymous post ("you, anonymously" to its author)."""
    if item.is_anonymous:
        if viewer is not None and item.author_id == viewer.user.pk:
            return _("you, anonymously")
        return _("a member")
    if item.author is None:
        return _("a former member")
    return item.author.handle


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
class ThreadRow:
    thread: Thread
    author: str
    is_unread: bool
    is_new: bool
    """Started or answered since the reader's previous visit to the board."""
    first_unread_post_id: int | None = None


@dataclass(frozen=True)
class ThreadPage:
    rows: list[ThreadRow]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _thread_rows(
    viewer: Viewer, threads: QuerySet[Thread], *, page: int, per_page: int, since: datetime | None
) -> ThreadPage:
    start = (page - 1) * per_page
    fetched = list(
        threads.select_related("board", "author").annotate(
            last_read=Subquery(
                ThreadRead.objects.filter(thread=OuterRef("pk"), user=viewer.user).values(
                    "last_read_post_id"
                )[:1]
            )
        )[start : start + per_page + 1]
    )
    rows = []
    for thread in fetched[:per_page]:
        last_read: int | None = thread.last_read
        rows.append(
            ThreadRow(
                thread=thread,
                author=author_label(viewer, thread),
                is_unread=bool(thread.last_post_id and (last_read or 0) < thread.last_post_id),
                is_new=since is not None and thread.last_post_at > since,
            )
        )
    return ThreadPage(rows=rows, page=page, has_next=len(fetched) > per_page)


def board_threads(
    user: Any, board: Board, *, page: int = 1, since: datetime | None = None
) -> ThreadPage:
    """A board's threads, pinned first, then by latest post (two queries)."""
    viewer = permissions.require_viewer(user)
    threads = permissions.visible_threads(user).filter(board=board)
    return _thread_rows(
        viewer,
        threads.order_by("-is_pinned", "-last_post_at", "-id"),
        page=max(1, page),
        per_page=THREADS_PER_PAGE,
        since=since,
    )


def latest_threads(user: Any, *, page: int = 1) -> ThreadPage:
    """Threads across every board the member may read, latest post first (two queries)."""
    viewer = permissions.require_viewer(user)
    threads = permissions.visible_threads(user).filter(board__is_archived=False)
    return _thread_rows(
        viewer,
        threads.order_by("-last_post_at", "-id"),
        page=max(1, page),
        per_page=THREADS_PER_PAGE,
        since=None,
    )


def followed_threads(user: Any, *, page: int = 1) -> ThreadPage:
    viewer = permissions.require_viewer(user)
    threads = permissions.visible_threads(user).filter(
        Exists(Follow.objects.filter(thread=OuterRef("pk"), user=viewer.user))
    )
    return _thread_rows(
        viewer,
        threads.order_by("-last_post_at", "-id"),
        page=max(1, page),
        per_page=THREADS_PER_PAGE,
        since=None,
    )


# One thread -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostLinks:
    """Every link a post shows, made by string formatting from one reverse per page: a
    thread page shows seven links for each of twenty posts."""

    post_prefix: str
    flag_prefix: str

    @classmethod
    def make(cls) -> PostLinks:
        return cls(
            post_prefix=reverse("forums:post", kwargs={"post_id": 0})[: -len("0/")],
            flag_prefix=f"{reverse('safety:flag')}?kind=forums.post&id=",
        )


@dataclass
class PostRow:
    post: Post
    author: str
    is_mine: bool
    counts: dict[str, int] = field(default_factory=dict)
    mine: set[str] = field(default_factory=set)
    is_unread: bool = False
    links: PostLinks | None = None

    def _link(self, action: str = "") -> str:
        links = self.links or PostLinks.make()
        return f"{links.post_prefix}{self.post.pk}/{action}"

    @property
    def url(self) -> str:
        return self._link()

    @property
    def edit_url(self) -> str:
        return self._link("edit/")

    @property
    def delete_url(self) -> str:
        return self._link("delete/")

    @property
    def history_url(self) -> str:
        return self._link("history/")

    @property
    def react_url(self) -> str:
        return self._link("react/")

    @property
    def flag_url(self) -> str:
        links = self.links or PostLinks.make()
        return f"{links.flag_prefix}{self.post.pk}"

    @property
    def reactions(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind.value,
                "label": kind.label,
                "count": self.counts.get(kind.value, 0),
                "is_mine": kind.value in self.mine,
            }
            for kind in ReactionKind
        ]


@dataclass
class ThreadView:
    thread: Thread
    posts: list[PostRow]
    page: int
    page_count: int
    is_following: bool
    last_read_post_id: int
    can_moderate: bool
    can_reply: bool

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count

    @property
    def last_post_id(self) -> int:
        return self.posts[-1].post.pk if self.posts else 0


def thread_for_reader(user: Any, thread_id: int) -> Thread:
    """The thread with the reader's follow and read marker (one query), or 404."""
    viewer = permissions.require_viewer(user)
    thread = (
        Thread.objects.select_related("board", "author")
        .annotate(
            is_following=Exists(Follow.objects.filter(thread=OuterRef("pk"), user=viewer.user)),
            last_read=Subquery(
                ThreadRead.objects.filter(thread=OuterRef("pk"), user=viewer.user).values(
                    "last_read_post_id"
                )[:1]
            ),
        )
        .filter(pk=thread_id)
        .first()
    )
    if thread is None or not permissions.can_see_thread(viewer, thread):
        from django.http import Http404

        raise Http404("No such thread")
    return thread


def _visible_posts(viewer: Viewer, thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(
        permissions.visible_posts_filter(viewer, thread.board), thread=thread
    )


def post_rows(viewer: Viewer, posts: list[Post], last_read: int = 0) -> list[PostRow]:
    """Posts with their reaction counts and the reader's own (one query)."""
    ids = [post.pk for post in posts]
    counts: dict[int, dict[str, int]] = {}
    mine: dict[int, set[str]] = {}
    if ids:
        tallies = (
            Reaction.objects.filter(post_id__in=ids)
            .values("post_id", "kind")
            .annotate(count=Count("id"), own=Count("id", filter=Q(user=viewer.user)))
            .order_by()
        )
        for tally in tallies:
            counts.setdefault(tally["post_id"], {})[tally["kind"]] = tally["count"]
            if tally["own"]:
                mine.setdefault(tally["post_id"], set()).add(tally["kind"])
    links = PostLinks.make()
    return [
        PostRow(
            post=post,
            links=links,
            author=author_label(viewer, post),
            is_mine=post.author_id == viewer.user.pk,
            counts=counts.get(post.pk, {}),
            mine=mine.get(post.pk, set()),
            is_unread=post.pk > last_read and post.author_id != viewer.user.pk,
        )
        for post in posts
    ]


def thread_view(user: Any, thread: Thread, *, page: int = 1) -> ThreadView:
    """One page of a thread for its reader (two queries after `thread_for_reader`).

    The page count comes from the thread's counter (what everyone sees); a reader who also
    sees their own held posts or, as a moderator, held and deleted ones may have more, so
    a page past the count is still served when it has posts, and an empty page past the
    end falls back to the last one (one count query, only then).
    """
    viewer = permissions.require_viewer(user)
    can_moderate = viewer.can_moderate(thread.board)
    visible = _visible_posts(viewer, thread)
    page = max(1, page)
    posts = _page_of_posts(visible, page)
    if not posts and page > 1:
        page = max(1, -(-visible.count() // POSTS_PER_PAGE))
        posts = _page_of_posts(visible, page)
    has_more = len(posts) > POSTS_PER_PAGE
    posts = posts[:POSTS_PER_PAGE]
    counted = max(1, -(-(thread.reply_count + 1) // POSTS_PER_PAGE))
    page_count = max(counted if page <= counted else page, page + 1 if has_more else page)
    last_read = getattr(thread, "last_read", None) or 0
    return ThreadView(
        thread=thread,
        posts=post_rows(viewer, posts, last_read),
        page=page,
        page_count=page_count,
        is_following=bool(getattr(thread, "is_following", False)),
        last_read_post_id=last_read,
        can_moderate=can_moderate,
        can_reply=not thread.is_deleted
        and (not thread.is_locked or can_moderate)
        and (not thread.board.is_archived or can_moderate),
    )


def _page_of_posts(visible: QuerySet[Post], page: int) -> list[Post]:
    start = (page - 1) * POSTS_PER_PAGE
    return list(visible.select_related("author").order_by("id")[start : start + POSTS_PER_PAGE + 1])


def post_row(user: Any, post: Post) -> PostRow:
    """One post as its reader sees it, with reactions (one query)."""
    viewer = permissions.require_viewer(user)
    return post_rows(viewer, [post])[0]


def posts_after(user: Any, thread: Thread, *, after_id: int) -> list[PostRow]:
    """Posts newer than `after_id` this reader may see (for live updates), at most 50."""
    viewer = permissions.require_viewer(user)
    posts = list(
        _visible_posts(viewer, thread)
        .filter(id__gt=after_id)
        .select_related("author")
        .order_by("id")[:NEW_POSTS_LIMIT]
    )
    return post_rows(viewer, posts, after_id)


def page_of_post(user: Any, post: Post) -> int:
    """The thread page a post is on, for this reader."""
    viewer = permissions.require_viewer(user)
    before = _visible_posts(viewer, post.thread).filter(id__lt=post.pk).count()
    return before // POSTS_PER_PAGE + 1
