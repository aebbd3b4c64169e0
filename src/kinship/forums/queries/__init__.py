"""The reads behind forum pages and the API, each a fixed number of queries.

A thread page is: the thread with the reader's follow and read marker (one query), its
page of posts with their authors (one), and reaction counts with the reader's own (one),
whatever the page size. A thread list is the threads with their boards and authors (one)
and the reader's read markers (one). The reader's group memberships are one more query,
once per request (`permissions.viewer_of`).
"""

from __future__ import annotations

from kinship.forums.queries.lists import (
    NEW_POSTS_LIMIT,
    POSTS_PER_PAGE,
    THREADS_PER_PAGE,
    BoardRow,
    BoardSummary,
    ThreadLinks,
    ThreadPage,
    ThreadRow,
    ThreadSummary,
    author_label,
    board_group,
    board_rows,
    board_threads,
    followed_threads,
    is_following_board,
    latest_threads,
)
from kinship.forums.queries.thread import (
    PostLinks,
    PostRow,
    ThreadView,
    page_of_post,
    post_row,
    post_rows,
    posts_after,
    thread_for_reader,
    thread_view,
)

__all__ = [
    "NEW_POSTS_LIMIT",
    "POSTS_PER_PAGE",
    "THREADS_PER_PAGE",
    "BoardRow",
    "BoardSummary",
    "PostLinks",
    "PostRow",
    "ThreadLinks",
    "ThreadPage",
    "ThreadRow",
    "ThreadSummary",
    "ThreadView",
    "author_label",
    "board_group",
    "board_rows",
    "board_threads",
    "followed_threads",
    "is_following_board",
    "latest_threads",
    "page_of_post",
    "post_row",
    "post_rows",
    "posts_after",
    "thread_for_reader",
    "thread_view",
]
