"""Forum pages for moderators and coordinators: moderate a thread (pin, lock, move,
delete), create, order and edit boards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.forums import actions, permissions, queries
from kinship.forums.forms import (
    BoardForm,
    ModerateForm,
)
from kinship.forums.models import Board
from kinship.forums.views.common import _member


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
