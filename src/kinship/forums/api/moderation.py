"""Thread moderation: pin, lock, move, remove."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from kinship.accounts.models import User
from kinship.forums import actions, permissions, queries
from kinship.forums.api.common import (
    _refused,
    _thread_fields,
    router,
)
from kinship.forums.api.schemas import (
    ACTION_ERRORS,
    ModerationIn,
    ThreadId,
    ThreadOut,
)
from kinship.forums.models import (
    Board,
)
from kinship.safety.api.common import caller

# Moderation -------------------------------------------------------------------------------


def _board_to_move_to(member: User, board_slug: str) -> Board:
    try:
        return permissions.access_board_by_slug(member, board_slug)
    except Http404:
        raise ValidationError(
            _("There is no board with that name."), code="no_such_board"
        ) from None


@router.post(
    "/threads/{thread_id}/moderation",
    response={200: ThreadOut, **ACTION_ERRORS},
    summary="Pin, lock or move a thread (the board's moderators)",
)
def moderate_thread(
    request: HttpRequest, thread_id: ThreadId, payload: ModerationIn, response: HttpResponse
) -> Status[Any]:
    member = caller(request)
    thread = permissions.access_thread_by_id(member, thread_id)
    try:
        permissions.check_moderate_permission(member, thread.board)
        # All or nothing: a refused move must not leave the pin or lock half applied.
        with transaction.atomic():
            if payload.move_to_board is not None:
                board = _board_to_move_to(member, payload.move_to_board)
                actions.move_thread(actor=member, thread=thread, board=board)
            if payload.pinned is not None:
                actions.set_pinned(actor=member, thread=thread, is_pinned=payload.pinned)
            if payload.locked is not None:
                actions.set_locked(actor=member, thread=thread, is_locked=payload.locked)
    except (ValidationError, PermissionDenied) as error:
        return _refused(error, response, field="move_to_board")
    author = queries.author_label(permissions.viewer_of(member), thread)
    return Status(200, ThreadOut(**_thread_fields(thread, author)))
