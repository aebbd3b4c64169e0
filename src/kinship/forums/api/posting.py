"""Posting: start a thread, reply, edit, delete."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Query, Status

from kinship.forums import actions, permissions
from kinship.forums.api.common import (
    _POSTING_FIELDS,
    _idempotency_key,
    _refused,
    _written,
    router,
)
from kinship.forums.api.schemas import (
    ACTION_ERRORS,
    DELETE_REASON_MAX_LENGTH,
    POSTING_ERRORS,
    BoardSlug,
    EditIn,
    KeyHeader,
    PostId,
    ReplyIn,
    ThreadId,
    ThreadIn,
    WrittenOut,
    _check_text,
)
from kinship.safety.api.common import caller

# Posting ----------------------------------------------------------------------------------


@router.post(
    "/boards/{board_slug}/threads",
    response={200: WrittenOut, 201: WrittenOut, **POSTING_ERRORS},
    summary="Start a thread (200 with the earlier post when the idempotency key was used)",
)
def start_thread(
    request: HttpRequest,
    board_slug: BoardSlug,
    payload: ThreadIn,
    response: HttpResponse,
    idempotency_key: KeyHeader = None,
) -> Status[Any]:
    member = caller(request)
    board = permissions.access_board_by_slug(member, board_slug)
    key = _idempotency_key(idempotency_key, payload.idempotency_key)
    _check_text(
        title=payload.title,
        body=payload.body,
        content_note=payload.content_note,
        idempotency_key=key,
    )
    try:
        outcome = actions.start_thread(
            author=member,
            board=board,
            title=payload.title,
            body=payload.body,
            content_note=payload.content_note,
            is_anonymous=payload.anonymous,
            idempotency_key=key,
            send_to_moderator=payload.send_to_moderator,
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(error, response, field="body", fields=_POSTING_FIELDS)
    return _written(member, outcome, status=201 if outcome.created else 200)


@router.post(
    "/threads/{thread_id}/posts",
    response={200: WrittenOut, 201: WrittenOut, **POSTING_ERRORS},
    summary="Reply in a thread (200 with the earlier post when the idempotency key was used)",
)
def reply(
    request: HttpRequest,
    thread_id: ThreadId,
    payload: ReplyIn,
    response: HttpResponse,
    idempotency_key: KeyHeader = None,
) -> Status[Any]:
    member = caller(request)
    thread = permissions.access_thread_for_reply(member, thread_id)
    key = _idempotency_key(idempotency_key, payload.idempotency_key)
    _check_text(body=payload.body, content_note=payload.content_note, idempotency_key=key)
    try:
        outcome = actions.reply(
            author=member,
            thread=thread,
            body=payload.body,
            content_note=payload.content_note,
            is_anonymous=payload.anonymous,
            idempotency_key=key,
            send_to_moderator=payload.send_to_moderator,
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(error, response, field="body", fields=_POSTING_FIELDS)
    return _written(member, outcome, status=201 if outcome.created else 200)


@router.patch(
    "/posts/{post_id}",
    response={200: WrittenOut, **ACTION_ERRORS},
    summary="Change your post (and, for an opening post, the thread's title); screened again",
)
def edit_post(
    request: HttpRequest, post_id: PostId, payload: EditIn, response: HttpResponse
) -> Status[Any]:
    member = caller(request)
    post = permissions.access_post_by_id(member, post_id)
    _check_text(title=payload.title, body=payload.body, content_note=payload.content_note)
    try:
        outcome = actions.edit_post(
            editor=member,
            post=post,
            body=payload.body,
            title=payload.title,
            content_note=payload.content_note,
            send_to_moderator=payload.send_to_moderator,
        )
    except (ValidationError, PermissionDenied) as error:
        return _refused(error, response, field="body", fields=_POSTING_FIELDS)
    return _written(member, outcome, status=200)


@router.delete(
    "/posts/{post_id}",
    response={204: None, **ACTION_ERRORS},
    summary="Delete a post (yours, or as the board's moderator); an opening post: the thread",
)
def delete_post(
    request: HttpRequest,
    post_id: PostId,
    response: HttpResponse,
    reason: Annotated[
        str,
        Query(max_length=DELETE_REASON_MAX_LENGTH, description="A moderator's note to the author"),
    ] = "",
) -> Status[Any]:
    member = caller(request)
    post = permissions.access_post_by_id(member, post_id)
    _check_text(where="query", reason=reason)
    try:
        actions.delete_post(actor=member, post=post, reason=reason)
    except PermissionDenied as error:
        return _refused(error, response, field="post")
    return Status(204, None)
