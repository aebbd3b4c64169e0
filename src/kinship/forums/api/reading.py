"""Reading: boards, thread lists and threads."""

from __future__ import annotations

from django.http import HttpRequest

from kinship.accounts.api import ERRORS
from kinship.forums import actions, permissions, queries
from kinship.forums.api.common import (
    _board_out,
    _post_out,
    _thread_fields,
    _thread_page_out,
    router,
)
from kinship.forums.api.schemas import (
    BoardOut,
    BoardSlug,
    Page,
    ThreadDetailOut,
    ThreadId,
    ThreadPageOut,
)
from kinship.safety.api.common import caller

# Reading ----------------------------------------------------------------------------------


@router.get(
    "/boards",
    response={200: list[BoardOut], **ERRORS},
    summary="The boards you may read, in order",
)
def list_boards(request: HttpRequest) -> list[BoardOut]:
    return [_board_out(row) for row in queries.board_rows(caller(request))]


@router.get(
    "/threads",
    response={200: ThreadPageOut, **ERRORS},
    summary="The latest threads across the boards you may read",
)
def list_latest_threads(request: HttpRequest, page: Page = 1) -> ThreadPageOut:
    return _thread_page_out(queries.latest_threads(caller(request), page=page))


@router.get(
    "/boards/{board_slug}/threads",
    response={200: ThreadPageOut, **ERRORS},
    summary="A board's threads, pinned first, then by latest post",
)
def list_board_threads(
    request: HttpRequest, board_slug: BoardSlug, page: Page = 1
) -> ThreadPageOut:
    member = caller(request)
    board = permissions.access_board_by_slug(member, board_slug)
    # Page 1 is a visit to the board, as on the web: "new since your last visit" moves on.
    since = actions.record_board_visit(member=member, board=board) if page == 1 else None
    return _thread_page_out(queries.board_threads(member, board, page=page, since=since))


@router.get(
    "/threads/{thread_id}",
    response={200: ThreadDetailOut, **ERRORS},
    summary="A thread with one page of posts; marks them read",
)
def get_thread(request: HttpRequest, thread_id: ThreadId, page: Page = 1) -> ThreadDetailOut:
    member = caller(request)
    thread = queries.thread_for_reader(member, thread_id)
    view = queries.thread_view(member, thread, page=page)
    if view.moves_read_marker:
        actions.mark_read(member=member, thread=thread, post_id=view.last_post_id)
    viewer = permissions.viewer_of(member)
    return ThreadDetailOut(
        **_thread_fields(thread, queries.author_label(viewer, thread)),
        is_following=view.is_following,
        can_reply=view.can_reply,
        can_moderate=view.can_moderate,
        page=view.page,
        page_count=view.page_count,
        has_next=view.has_next,
        posts=[_post_out(row) for row in view.posts],
    )
