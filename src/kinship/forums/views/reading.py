"""Forum pages that read: the board list, thread lists, a thread with its live replies, a
post's permalink and history, search."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kinship.forums import actions, permissions, queries, rendering
from kinship.forums.models import PostRevision, ReactionKind
from kinship.forums.views.common import (
    _member,
    _page,
    _recall,
    _reply_context,
)


@login_required
def forum_index(request: HttpRequest) -> HttpResponse:
    rows = queries.board_rows(request.user)
    context = {"rows": rows, "can_manage": permissions.can_manage_boards(request.user)}
    return render(request, "forums/index.html", context)


@login_required
def latest_threads(request: HttpRequest) -> HttpResponse:
    listing = queries.latest_threads(request.user, page=_page(request))
    return render(
        request,
        "forums/list.html",
        {"listing": listing, "title": _("Latest conversations"), "show_board": True},
    )


@login_required
def following(request: HttpRequest) -> HttpResponse:
    listing = queries.followed_threads(request.user, page=_page(request))
    return render(
        request,
        "forums/list.html",
        {
            "listing": listing,
            "title": _("Threads I follow"),
            "show_board": True,
            "empty_text": _(
                "You are not following any threads yet. Threads you start or reply to are "
                "followed for you; you can also press “Follow” on any thread."
            ),
        },
    )


@login_required
def board_detail(request: HttpRequest, board_slug: str) -> HttpResponse:
    board = permissions.access_board_by_slug(request.user, board_slug)
    member = _member(request)
    since = actions.record_board_visit(member=member, board=board)
    viewer = permissions.require_viewer(member)
    context = {
        "board": board,
        "group": queries.board_group(board),
        "listing": queries.board_threads(member, board, page=_page(request), since=since),
        "since": since,
        "is_following": queries.is_following_board(member, board),
        "guidelines_html": rendering.render_markdown(board.guidelines) if board.guidelines else "",
        "can_moderate": viewer.can_moderate(board),
        "can_manage": permissions.can_manage_boards(member),
    }
    return render(request, "forums/board.html", context)


@login_required
def thread_detail(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread = queries.thread_for_reader(member, thread_id)
    view = queries.thread_view(member, thread, page=_page(request))
    if view.moves_read_marker:
        actions.mark_read(member=member, thread=thread, post_id=view.last_post_id)
    context = {
        **_reply_context(request, view),
        **_recall(request, thread),
        "is_last_page": view.page >= view.page_count,
        "poll_seconds": settings.KINSHIP_FORUMS_POLL_SECONDS,
        "boards": queries.board_rows(member) if view.can_moderate else [],
        "reactions": ReactionKind.choices,
    }
    return render(request, "forums/thread.html", context)


@login_required
def thread_new_posts(request: HttpRequest, thread_id: int) -> HttpResponse:
    """The posts after `?after=<id>` this reader may see, and the next poller (htmx)."""
    member = _member(request)
    thread = queries.thread_for_reader(member, thread_id)
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    rows = queries.posts_after(member, thread, after_id=after)
    last_id = rows[-1].post.pk if rows else after
    if rows:
        actions.mark_read(member=member, thread=thread, post_id=last_id)
    viewer = permissions.require_viewer(member)
    context = {
        "thread": thread,
        "rows": rows,
        "last_id": last_id,
        "poll_seconds": settings.KINSHIP_FORUMS_POLL_SECONDS,
        "can_moderate": viewer.can_moderate(thread.board),
        "reactions": ReactionKind.choices,
    }
    return render(request, "forums/partials/new_posts.html", context)


@login_required
def post_permalink(request: HttpRequest, post_id: int) -> HttpResponse:
    post = permissions.access_post_by_id(request.user, post_id)
    page = queries.page_of_post(request.user, post)
    url = post.thread.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return redirect(f"{url}#post-{post.pk}")


@login_required
def post_history(request: HttpRequest, post_id: int) -> HttpResponse:
    """Earlier versions of a post: for its author and the board's moderators."""
    post = permissions.access_post_by_id(request.user, post_id)
    viewer = permissions.require_viewer(request.user)
    if post.author_id != viewer.user.pk and not viewer.can_moderate(post.thread.board):
        raise Http404("No such post")
    revisions = [
        {
            "revision": revision,
            "html": rendering.render_markdown(revision.body),
            "title": revision.title,
        }
        for revision in PostRevision.objects.filter(post=post)
    ]
    context = {"post": post, "thread": post.thread, "revisions": revisions}
    return render(request, "forums/post_history.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    from kinship.forums import search as forum_search

    query = request.GET.get("q", "")[:500]
    results = forum_search.search_posts(request.user, query, page=_page(request))
    return render(request, "forums/search.html", {"query": query, "results": results})
