"""The reads behind forum pages and the API, each a fixed number of queries.

A thread page is: the thread with the reader's follow and read marker (one query), its
page of posts with their authors (one), and reaction counts with the reader's own (one),
whatever the page size. A thread list is the threads with their boards and authors (one)
and the reader's read markers (one). The reader's group memberships are one more query,
once per request (`permissions.viewer_of`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from kinship.accounts import groups
from kinship.accounts.models import User
from kinship.core.querycache import CompiledQueryCache
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
from kinship.forums.timing import age, ago

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


def _summary_label(viewer: Viewer, thread: ThreadSummary) -> str:
    """As `author_label`, for a summary."""
    if thread.is_anonymous:
        if thread.author_id == viewer.user.pk:
            return _("you, anonymously")
        return _("a member")
    if thread.author_handle is None:
        return _("a former member")
    return thread.author_handle


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
                author=_summary_label(viewer, thread),
                is_unread=bool(thread.last_post_id and (last_read or 0) < thread.last_post_id),
                is_new=since is not None and thread.last_post_at > since,
                links=links,
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


# One thread -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostLinks:
    """Every link a post shows, made by string formatting from one reverse per page: a
    thread page shows seven links for each of twenty posts."""

    post_prefix: str
    flag_prefix: str
    language: str

    @classmethod
    def make(cls) -> PostLinks:
        return cls(
            post_prefix=reverse("forums:post", kwargs={"post_id": 0})[: -len("0/")],
            flag_prefix=f"{reverse('safety:flag')}?kind=forums.post&id=",
            language=get_language() or "",
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
    def fragment_key(self) -> tuple[object, ...]:
        """Every value of the post the page shows (it is kept by them:
        `kinship.web.fragments`); the template adds the reader's moderation reach and the
        thread's state."""
        post = self.post
        links = self.links or PostLinks.make()
        return (
            links.language,
            links.post_prefix,
            links.flag_prefix,
            post.pk,
            post.created_at,
            age(post.created_at),
            post.edited_at,
            self.author,
            self.is_mine,
            self.is_unread,
            post.is_held,
            post.is_hidden,
            post.is_deleted,
            post.content_note,
            post.body_html,
            tuple(sorted(self.counts.items())),
            tuple(sorted(self.mine)),
        )

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

    @property
    def moves_read_marker(self) -> bool:
        """Does this page show posts past the reader's read marker (so it should move)?"""
        return self.last_post_id > self.last_read_post_id


_POST_FIELDS = tuple(field.attname for field in Post._meta.concrete_fields)


def _author(database: str, author_id: int | None, handle: str | None) -> User | None:
    """The author as far as a page shows them: id and handle."""
    if author_id is None:
        return None
    return User.from_db(database, ["id", "handle"], [author_id, handle])


def thread_for_reader(user: Any, thread_id: int) -> Thread:
    """The thread with its board, author's handle, and the reader's follow and read marker
    (one query, compiled once per shape), or 404."""
    viewer = permissions.require_viewer(user)

    def build(values: Sequence[Any]) -> QuerySet[Any]:
        reader, follower, pk = (int(value) for value in values)
        return (
            Thread.objects.filter(pk=pk)
            .annotate(
                is_following=Exists(Follow.objects.filter(thread=OuterRef("pk"), user_id=follower)),
                last_read=Subquery(
                    ThreadRead.objects.filter(thread=OuterRef("pk"), user_id=reader).values(
                        "last_read_post_id"
                    )[:1]
                ),
            )
            .values_list(
                *permissions.THREAD_COLUMNS,
                *(f"board__{name}" for name in permissions.BOARD_COLUMNS),
                "author__handle",
                "is_following",
                "last_read",
            )
        )

    reader = viewer.user.pk
    found = _COMPILED.rows(("thread-for-reader",), build, [reader, reader, thread_id])
    if not found:
        raise Http404("No such thread")
    row = found[0]
    database = Thread.objects.db
    width = len(permissions.THREAD_COLUMNS)
    thread = Thread.from_db(database, permissions.THREAD_COLUMNS, row[:width])
    board = Board.from_db(
        database, permissions.BOARD_COLUMNS, row[width : width + len(permissions.BOARD_COLUMNS)]
    )
    handle, is_following, last_read = row[width + len(permissions.BOARD_COLUMNS) :]
    thread._state.fields_cache["board"] = board
    thread._state.fields_cache["author"] = _author(database, thread.author_id, handle)
    # As `annotate` would set them.
    thread.is_following = bool(is_following)  # type: ignore[attr-defined]
    thread.last_read = last_read  # type: ignore[attr-defined]
    if not permissions.can_see_thread(viewer, thread):
        raise Http404("No such thread")
    return thread


def _visible_posts(viewer: Viewer, thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(
        permissions.visible_posts_filter(viewer, thread.board), thread=thread
    )


def _reaction_tallies(values: Sequence[Any]) -> QuerySet[Any]:
    """Per post and kind: how many, and whether the reader is among them."""
    reader, *ids = (int(value) for value in values)
    return (
        Reaction.objects.filter(post_id__in=ids)
        .values("post_id", "kind")
        .annotate(count=Count("id"), own=Count("id", filter=Q(user_id=reader)))
        .order_by()
        .values_list("post_id", "kind", "count", "own")
    )


def post_rows(viewer: Viewer, posts: list[Post], last_read: int = 0) -> list[PostRow]:
    """Posts with their reaction counts and the reader's own (one query)."""
    ids = [post.pk for post in posts]
    counts: dict[int, dict[str, int]] = {}
    mine: dict[int, set[str]] = {}
    if ids:
        tallies = _COMPILED.rows(("reactions", len(ids)), _reaction_tallies, [viewer.user.pk, *ids])
        for post_id, kind, count, own in tallies:
            counts.setdefault(post_id, {})[kind] = count
            if own:
                mine.setdefault(post_id, set()).add(kind)
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
    page = max(1, page)
    posts = _page_of_posts(viewer, thread, page)
    if not posts and page > 1:
        page = max(1, -(-_visible_posts(viewer, thread).count() // POSTS_PER_PAGE))
        posts = _page_of_posts(viewer, thread, page)
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


def _page_of_posts(viewer: Viewer, thread: Thread, page: int) -> list[Post]:
    """A page of the thread's posts with their authors' handles, and one more to tell
    whether a later page exists (one query, compiled once per shape).

    The page's ids are found first, in the `(thread, id, ...)` index alone, and only those
    rows are read: a late page of a long thread skips thousands of posts in the index
    rather than reading each one from the table.
    """
    start = (page - 1) * POSTS_PER_PAGE
    is_moderator = viewer.can_moderate(thread.board)

    def build(values: Sequence[Any]) -> QuerySet[Any]:
        thread_id = int(values[0])
        author_id = None if is_moderator else int(values[1])
        visible = Post.objects.filter(
            permissions.visible_posts_filter(viewer, thread.board, author_id=author_id),
            thread_id=thread_id,
        )
        ids = visible.order_by("id").values("id")[start : start + POSTS_PER_PAGE + 1]
        return (
            Post.objects.filter(id__in=ids)
            .order_by("id")
            .values_list(*_POST_FIELDS, "author__handle")
        )

    numbers = [thread.pk] if is_moderator else [thread.pk, viewer.user.pk]
    rows = _COMPILED.rows(("page-of-posts", is_moderator, start), build, numbers)
    database = Post.objects.db
    posts = []
    for row in rows:
        post = Post.from_db(database, _POST_FIELDS, row[:-1])
        post._state.fields_cache["author"] = _author(database, post.author_id, row[-1])
        post._state.fields_cache["thread"] = thread
        posts.append(post)
    return posts


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
