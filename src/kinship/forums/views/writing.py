"""Forum pages that write: start a thread, reply, edit, delete, react, follow.

After a post the author sees the result of screening on the next page (the crisis card
at concern and above, why a post waits for a moderator): with htmx in the reply area at
once, without it on the thread page the redirect leads to.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.forums import actions, permissions, queries, rendering
from kinship.forums.forms import (
    DeleteForm,
    EditForm,
    ReplyForm,
    ThreadForm,
)
from kinship.forums.views.common import (
    _add_errors,
    _draft,
    _member,
    _notes,
    _problem_status,
    _remember,
)


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
