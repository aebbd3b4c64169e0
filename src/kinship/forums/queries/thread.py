"""One thread as its reader sees it: the thread, a page of posts with reaction tallies,
and what is new since (a fixed number of queries whatever the page size)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language

from kinship.accounts.models import User
from kinship.core.querycache import CompiledQueryCache
from kinship.forums import permissions
from kinship.forums.models import (
    Board,
    Follow,
    Post,
    Reaction,
    ReactionKind,
    Thread,
    ThreadRead,
)
from kinship.forums.permissions import Viewer
from kinship.forums.queries.lists import NEW_POSTS_LIMIT, POSTS_PER_PAGE, author_label
from kinship.forums.timing import age

# One thread -------------------------------------------------------------------------------

_COMPILED = CompiledQueryCache()


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
