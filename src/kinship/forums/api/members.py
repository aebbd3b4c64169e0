"""Reactions, flags and follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Status

from kinship.accounts.api import ERRORS
from kinship.forums import actions, permissions
from kinship.forums.api.common import (
    _current_post,
    _refused,
    router,
)
from kinship.forums.api.schemas import (
    ACTION_ERRORS,
    BoardSlug,
    FollowingOut,
    PostFlagIn,
    PostFlagOut,
    PostId,
    PostOut,
    ThreadId,
    _check_text,
)
from kinship.forums.models import (
    ReactionKind,
)
from kinship.safety.actions.moderation import flag_thanks
from kinship.safety.api.common import caller

# Reactions, flags, follows ----------------------------------------------------------------


def _react(
    request: HttpRequest,
    post_id: int,
    kind: ReactionKind,
    response: HttpResponse,
    change: Callable[..., bool],
) -> Status[Any]:
    member = caller(request)
    post = permissions.access_post_by_id(member, post_id)
    try:
        change(member=member, post=post, kind=kind.value)
    except (ValidationError, PermissionDenied) as error:
        return _refused(error, response, field="kind")
    return Status(200, _current_post(member, post))


@router.put(
    "/posts/{post_id}/reactions/{kind}",
    response={200: PostOut, **ACTION_ERRORS},
    summary="React to a post (once per kind; sending it again changes nothing)",
)
def add_reaction(
    request: HttpRequest, post_id: PostId, kind: ReactionKind, response: HttpResponse
) -> Status[Any]:
    return _react(request, post_id, kind, response, actions.react)


@router.delete(
    "/posts/{post_id}/reactions/{kind}",
    response={200: PostOut, **ACTION_ERRORS},
    summary="Take back your reaction",
)
def remove_reaction(
    request: HttpRequest, post_id: PostId, kind: ReactionKind, response: HttpResponse
) -> Status[Any]:
    return _react(request, post_id, kind, response, actions.unreact)


@router.post(
    "/posts/{post_id}/flags",
    response={201: PostFlagOut, **ACTION_ERRORS},
    summary="Tell the moderators about a post (the author is not told who)",
)
def flag_post(
    request: HttpRequest, post_id: PostId, payload: PostFlagIn, response: HttpResponse
) -> Status[Any]:
    member = caller(request)
    post = permissions.access_post_by_id(member, post_id)
    _check_text(note=payload.note)
    try:
        actions.flag_post(
            reporter=member, post=post, reason=payload.reason.value, note=payload.note
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(error, response, field="note")
    message = flag_thanks(payload.reason.value)
    return Status(201, PostFlagOut(reason=payload.reason.value, message=message))


@router.put(
    "/threads/{thread_id}/follow",
    response={200: FollowingOut, **ERRORS},
    summary="Follow a thread: you are told about new replies",
)
def follow_thread(request: HttpRequest, thread_id: ThreadId) -> FollowingOut:
    member = caller(request)
    thread = permissions.access_thread_by_id(member, thread_id)
    actions.follow_thread(member=member, thread=thread)
    return FollowingOut(is_following=True)


@router.delete(
    "/threads/{thread_id}/follow",
    response={200: FollowingOut, **ERRORS},
    summary="Stop following a thread",
)
def unfollow_thread(request: HttpRequest, thread_id: ThreadId) -> FollowingOut:
    member = caller(request)
    thread = permissions.access_thread_by_id(member, thread_id)
    actions.unfollow_thread(member=member, thread=thread)
    return FollowingOut(is_following=False)


@router.put(
    "/boards/{board_slug}/follow",
    response={200: FollowingOut, **ERRORS},
    summary="Follow a board: you are told about new threads",
)
def follow_board(request: HttpRequest, board_slug: BoardSlug) -> FollowingOut:
    member = caller(request)
    board = permissions.access_board_by_slug(member, board_slug)
    actions.follow_board(member=member, board=board)
    return FollowingOut(is_following=True)


@router.delete(
    "/boards/{board_slug}/follow",
    response={200: FollowingOut, **ERRORS},
    summary="Stop following a board",
)
def unfollow_board(request: HttpRequest, board_slug: BoardSlug) -> FollowingOut:
    member = caller(request)
    board = permissions.access_board_by_slug(member, board_slug)
    actions.unfollow_board(member=member, board=board)
    return FollowingOut(is_following=False)
