"""Forum pages: boards, thread lists, threads with live replies, posting, moderation.

Each view parses its input, asks `permissions` for the object, calls one action or read
and renders. After a post the author sees the result of screening on the next page (the
crisis card at concern and above, why a post waits for a moderator): with htmx in the
reply area at once, without it on the thread page the redirect leads to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import CheckboxInput
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.accounts.models import User
from kinship.forums import actions, permissions, queries, rendering, trust
from kinship.forums.forms import (
    BoardForm,
    DeleteForm,
    EditForm,
    ModerateForm,
    ReplyForm,
    ThreadForm,
)
from kinship.forums.models import Board, PostRevision, ReactionKind, Thread

_POSTED = "forums_posted"


@dataclass(frozen=True)
class Screened:
    """What the crisis card needs from a screening result kept across a redirect."""

    level: str
    holds_content: bool

    @property
    def needs_help_shown(self) -> bool:
        return self.level != "none"


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _notes(outcome: actions.PostOutcome) -> list[str]:
    """Why the post waits, unless the crisis card already says so."""
    if outcome.screen.holds_content and outcome.screen.needs_help_shown:
        return []
    return outcome.notes


def _remember(request: HttpRequest, outcome: actions.PostOutcome) -> None:
    request.session[_POSTED] = {
        "post_id": outcome.post.pk,
        "thread_id": outcome.post.thread_id,
        "level": outcome.screen.level,
        "holds_content": outcome.screen.holds_content,
        "notes": _notes(outcome),
    }


def _recall(request: HttpRequest, thread: Thread) -> dict[str, Any]:
    """The screening result of the post the member just made in this thread, once."""
    posted = request.session.get(_POSTED)
    if not posted or posted.get("thread_id") != thread.pk:
        return {}
    del request.session[_POSTED]
    return {
        "screened": Screened(level=posted["level"], holds_content=posted["holds_content"]),
        "posted_notes": posted.get("notes", []),
        "posted_id": posted["post_id"],
    }


def _draft(form: Any, key: str) -> Any:
    """Keep what is typed in the body through a dropped connection (see kinship.js)."""
    form.fields["body"].widget.attrs["data-draft"] = key
    return form


def _problem_status(error: Exception) -> int:
    if isinstance(error, trust.RateLimited):
        return 429
    if isinstance(error, actions.ThreadClosed):
        return 410 if error.reason == "deleted" else 409
    return 403


def _add_errors(form: Any, error: ValidationError) -> None:
    if isinstance(error, actions.ContentRulesBroken):
        form.add_error(None, error)
        # Now the member has read why, they may choose to send it on to a moderator.
        form.fields["send_to_moderator"].widget = CheckboxInput()
        return
    target: str | None = "body"
    if error.code in {"blank_title"} and "title" in form.fields:
        target = "title"
    elif error.code == "anonymous_not_allowed":
        target = None
    try:
        form.add_error(target, error)
    except (ValueError, TypeError):
        form.add_error(None, error)


# Boards and lists -------------------------------------------------------------------------


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


@require_POST
@login_required
def board_follow(request: HttpRequest, board_slug: str) -> HttpResponse:
    board = permissions.access_board_by_slug(request.user, board_slug)
    member = _member(request)
    if request.POST.get("follow") == "yes":
        actions.follow_board(member=member, board=board)
        messages.success(request, _("You follow this board. We will tell you about new threads."))
    else:
        actions.unfollow_board(member=member, board=board)
        messages.success(request, _("You no longer follow this board."))
    return redirect(board)


# A thread ---------------------------------------------------------------------------------


def _reply_context(
    request: HttpRequest, view: queries.ThreadView, form: ReplyForm | None = None
) -> dict[str, Any]:
    thread = view.thread
    if form is None:
        initial: dict[str, Any] = {}
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            quoted = next((row for row in view.posts if row.post.pk == int(quote_id)), None)
            if quoted is None:
                try:
                    post = permissions.access_post_by_id(request.user, int(quote_id))
                except Http404:
                    post = None
                if post is not None and post.thread_id == thread.pk:
                    viewer = permissions.viewer_of(request.user)
                    quoted = queries.PostRow(
                        post=post,
                        author=queries.author_label(viewer, post),
                        is_mine=post.author_id == request.user.pk,
                    )
            if quoted is not None:
                initial["body"] = rendering.quote_markdown(quoted.author, quoted.post.body)
        form = ReplyForm(initial=initial, board=thread.board)
    return {"form": _draft(form, f"reply-{thread.pk}"), "thread": thread, "view": view}


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


@require_POST
@login_required
def thread_reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread = permissions.access_thread_for_reply(member, thread_id)
    form = _draft(ReplyForm(request.POST, board=thread.board), f"reply-{thread.pk}")
    status = 200
    problem = ""
    if form.is_valid():
        try:
            outcome = actions.reply(
                author=member,
                thread=thread,
                body=form.cleaned_data["body"],
                content_note=form.cleaned_data["content_note"],
                is_anonymous=form.cleaned_data.get("anonymous", False),
                idempotency_key=form.cleaned_data["idempotency_key"],
                send_to_moderator=form.cleaned_data["send_to_moderator"],
            )
        except ValidationError as error:
            _add_errors(form, error)
            status = 400
        except PermissionDenied as error:
            problem = str(error)
            status = _problem_status(error)
        else:
            if request.htmx:  # type: ignore[attr-defined]
                fresh = _draft(ReplyForm(board=thread.board), f"reply-{thread.pk}")
                context = {
                    "form": fresh,
                    "thread": thread,
                    "screened": outcome.screen,
                    "posted_notes": _notes(outcome),
                    "just_posted": True,
                }
                response = render(request, "forums/partials/reply_area.html", context)
                response["HX-Trigger"] = "forumPost"
                return response
            _remember(request, outcome)
            return redirect(outcome.post)
    else:
        status = 400
    context = {"form": form, "thread": thread, "problem": problem}
    template = (
        "forums/partials/reply_area.html" if request.htmx else "forums/reply.html"  # type: ignore[attr-defined]
    )
    response = render(request, template, context, status=status)
    if isinstance(status, int) and status == 429:
        response["Retry-After"] = "60"
    if request.htmx and status != 200:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers by default; the form with its message must show.
        response["HX-Retarget"] = "#reply-area"
        response["HX-Reswap"] = "outerHTML"
    return response


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


@require_POST
@login_required
def thread_follow(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread = permissions.access_thread_by_id(member, thread_id)
    if request.POST.get("follow") == "yes":
        actions.follow_thread(member=member, thread=thread)
        messages.success(request, _("You follow this thread. We will tell you about new replies."))
    else:
        actions.unfollow_thread(member=member, thread=thread)
        messages.success(request, _("You no longer follow this thread."))
    return redirect(thread)


@require_POST
@login_required
def thread_moderate(request: HttpRequest, thread_id: int) -> HttpResponse:
    member = _member(request)
    thread = permissions.access_thread_by_id(member, thread_id)
    permissions.check_moderate_permission(member, thread.board)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the thread."))
        return redirect(thread)
    action = form.cleaned_data["action"]
    if action in {"pin", "unpin"}:
        actions.set_pinned(actor=member, thread=thread, is_pinned=action == "pin")
        messages.success(request, _("Pinned.") if action == "pin" else _("Unpinned."))
    elif action in {"lock", "unlock"}:
        actions.set_locked(actor=member, thread=thread, is_locked=action == "lock")
        messages.success(request, _("Locked.") if action == "lock" else _("Unlocked."))
    else:
        target = permissions.access_board_by_slug(member, form.cleaned_data["board"] or "-")
        try:
            actions.move_thread(actor=member, thread=thread, board=target)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Moved to %(board)s.") % {"board": target.name})
    return redirect(thread)


@login_required
def thread_create(request: HttpRequest, board_slug: str) -> HttpResponse:
    board = permissions.access_board_by_slug(request.user, board_slug)
    member = permissions.check_write_permission(request.user, board)
    form = _draft(
        ThreadForm(request.POST if request.method == "POST" else None, board=board),
        f"thread-{board.slug}",
    )
    status = 200
    problem = ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = actions.start_thread(
                    author=member,
                    board=board,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    content_note=form.cleaned_data["content_note"],
                    is_anonymous=form.cleaned_data.get("anonymous", False),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    send_to_moderator=form.cleaned_data["send_to_moderator"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                problem = str(error)
                status = _problem_status(error)
            else:
                _remember(request, outcome)
                return redirect(outcome.thread)
    context = {
        "form": form,
        "board": board,
        "problem": problem,
        "guidelines_html": rendering.render_markdown(board.guidelines) if board.guidelines else "",
    }
    return render(request, "forums/thread_form.html", context, status=status)


# Posts ------------------------------------------------------------------------------------


@login_required
def post_permalink(request: HttpRequest, post_id: int) -> HttpResponse:
    post = permissions.access_post_by_id(request.user, post_id)
    page = queries.page_of_post(request.user, post)
    url = post.thread.get_absolute_url()
    if page > 1:
        url += f"?page={page}"
    return redirect(f"{url}#post-{post.pk}")


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = permissions.access_post_by_id(request.user, post_id)
    member = permissions.check_edit_post_permission(request.user, post)
    initial = {"body": post.body, "content_note": post.content_note, "title": post.thread.title}
    form = EditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        is_opening=post.is_opening,
    )
    status = 200
    problem = ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = actions.edit_post(
                    editor=member,
                    post=post,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data.get("title"),
                    content_note=form.cleaned_data["content_note"],
                    send_to_moderator=form.cleaned_data["send_to_moderator"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                problem = str(error)
                status = 403
            else:
                _remember(request, outcome)
                messages.success(request, _("Your changes are saved."))
                return redirect(outcome.post)
    context = {"form": form, "post": post, "thread": post.thread, "problem": problem}
    return render(request, "forums/post_edit.html", context, status=status)


@login_required
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    post = permissions.access_post_by_id(request.user, post_id)
    member = permissions.check_delete_post_permission(request.user, post)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.delete_post(actor=member, post=post, reason=form.cleaned_data["reason"])
        if post.is_opening:
            messages.success(request, _("The thread is deleted."))
            return redirect(post.thread.board)
        messages.success(request, _("The post is deleted."))
        return redirect(post.thread)
    context = {
        "form": form,
        "post": post,
        "thread": post.thread,
        "is_moderator_removal": post.author_id != member.pk,
    }
    return render(request, "forums/post_delete.html", context)


@require_POST
@login_required
def post_react(request: HttpRequest, post_id: int) -> HttpResponse:
    member = _member(request)
    post = permissions.access_post_by_id(member, post_id)
    # The page's buttons send "kind:on" or "kind:off"; "kind" and "on" also work.
    kind, _sep, switch = request.POST.get("reaction", "").partition(":")
    if not kind:
        kind, switch = request.POST.get("kind", ""), request.POST.get("on", "yes")
    try:
        if switch in {"off", "no"}:
            actions.unreact(member=member, post=post, kind=kind)
        else:
            actions.react(member=member, post=post, kind=kind)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400)
    if request.htmx:  # type: ignore[attr-defined]
        viewer = permissions.require_viewer(member)
        rows = queries.post_rows(viewer, [post])
        return render(request, "forums/partials/reactions.html", {"row": rows[0]})
    return redirect(post)


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


# Search -----------------------------------------------------------------------------------


@login_required
def search(request: HttpRequest) -> HttpResponse:
    from kinship.forums import search as forum_search

    query = request.GET.get("q", "")[:500]
    results = forum_search.search_posts(request.user, query, page=_page(request))
    return render(request, "forums/search.html", {"query": query, "results": results})


# Managing boards --------------------------------------------------------------------------


@login_required
def board_manage(request: HttpRequest) -> HttpResponse:
    member = permissions.check_manage_boards_permission(request.user)
    if request.method == "POST":
        board = Board.objects.filter(slug=request.POST.get("board", "")).first()
        if board is None:
            raise Http404("No such board")
        actions.move_board(
            actor=member, board=board, direction=-1 if request.POST.get("move") == "up" else 1
        )
        return redirect("forums:board-manage")
    rows = queries.board_rows(member, include_archived=True)
    return render(request, "forums/manage.html", {"rows": rows})


def _board_fields(form: BoardForm) -> dict[str, Any]:
    fields = dict(form.cleaned_data)
    fields.pop("group", None)
    return fields


@login_required
def board_create(request: HttpRequest) -> HttpResponse:
    member = permissions.check_manage_boards_permission(request.user)
    form = BoardForm(request.POST if request.method == "POST" else None, is_new=True)
    if request.method == "POST" and form.is_valid():
        try:
            board = actions.create_board(
                actor=member, group_id=form.cleaned_data["group"], **_board_fields(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The board is ready."))
            return redirect(board)
    return render(request, "forums/board_form.html", {"form": form, "board": None})


@login_required
def board_edit(request: HttpRequest, board_slug: str) -> HttpResponse:
    member = permissions.check_manage_boards_permission(request.user)
    board = Board.objects.filter(slug=board_slug).first()
    if board is None:
        raise Http404("No such board")
    initial = {
        "name": board.name,
        "description": board.description,
        "guidelines": board.guidelines,
        "group": board.group_id,
        "allows_anonymous": board.allows_anonymous,
        "language": board.language,
        "is_archived": board.is_archived,
    }
    form = BoardForm(
        request.POST if request.method == "POST" else None, initial=initial, is_new=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_board(actor=member, board=board, **_board_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(board)
    return render(request, "forums/board_form.html", {"form": form, "board": board})
