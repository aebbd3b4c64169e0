"""The forums API's router, and what its endpoints share: building responses, refusals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import ValidationError as RequestInvalid

from kinship.accounts.auth import api_auth
from kinship.accounts.models import User
from kinship.forums import actions, permissions, queries, rendering, trust
from kinship.forums.api.schemas import (
    BoardGroupOut,
    BoardOut,
    HelpResourceOut,
    PostOut,
    ReactionOut,
    ScreeningOut,
    ThreadItemOut,
    ThreadPageOut,
    ThreadRefOut,
    WrittenOut,
)
from kinship.forums.models import (
    Post,
    Thread,
)
from kinship.safety.resources import crisis_resources_for

router = Router(tags=["forums"], auth=api_auth)


def _board_out(row: queries.BoardRow) -> BoardOut:
    board = row.board
    return BoardOut(
        slug=board.slug,
        name=board.name,
        description=board.description,
        guidelines_html=rendering.render_markdown(board.guidelines) if board.guidelines else "",
        group=BoardGroupOut(name=row.group_name, url=row.group_url) if row.group_name else None,
        allows_anonymous=board.allows_anonymous,
        language=board.language,
        thread_count=board.thread_count,
        post_count=board.post_count,
        last_post_at=board.last_post_at,
        is_following=row.is_following,
        has_new=row.has_new,
        url=board.get_absolute_url(),
    )


def _thread_fields(
    thread: Thread | queries.ThreadSummary, author: str, *, url: str = ""
) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "board": thread.board.slug,
        "title": thread.title,
        "author": author,
        "is_anonymous": thread.is_anonymous,
        "is_pinned": thread.is_pinned,
        "is_locked": thread.is_locked,
        "is_held": thread.is_held,
        "reply_count": thread.reply_count,
        "last_post_at": thread.last_post_at,
        "url": url or thread.get_absolute_url(),
    }


def _thread_page_out(found: queries.ThreadPage) -> ThreadPageOut:
    return ThreadPageOut(
        page=found.page,
        has_next=found.has_next,
        items=[
            ThreadItemOut(
                **_thread_fields(row.thread, row.author, url=row.url), is_unread=row.is_unread
            )
            for row in found.rows
        ],
    )


def _post_out(row: queries.PostRow, *, is_unread: bool | None = None) -> PostOut:
    post = row.post
    return PostOut(
        id=post.pk,
        author=row.author,
        is_mine=row.is_mine,
        body=post.body,
        body_html=post.body_html,
        content_note=post.content_note,
        is_held=post.is_held,
        is_hidden=post.is_hidden,
        is_deleted=post.is_deleted,
        is_unread=row.is_unread if is_unread is None else is_unread,
        edited_at=post.edited_at,
        created_at=post.created_at,
        reactions=[
            ReactionOut(
                kind=reaction["kind"],
                label=str(reaction["label"]),  # a lazy translation
                count=reaction["count"],
                is_mine=reaction["is_mine"],
            )
            for reaction in row.reactions
        ],
        url=post.get_absolute_url(),
    )


def _current_post(member: User, post: Post) -> PostOut:
    """One post as `member` now sees it, with its reactions (after a write)."""
    return _post_out(queries.post_row(member, post), is_unread=False)


def _new_post(member: User, post: Post) -> PostOut:
    """A post just written by `member`: nobody has reacted to it yet (no query)."""
    viewer = permissions.require_viewer(member)
    row = queries.PostRow(post=post, author=queries.author_label(viewer, post), is_mine=True)
    return _post_out(row, is_unread=False)


def _written(member: User, outcome: actions.PostOutcome, *, status: int) -> Status[WrittenOut]:
    post, screen = outcome.post, outcome.screen
    thread = post.thread
    language = get_language() or settings.LANGUAGE_CODE
    return Status(
        status,
        WrittenOut(
            post=_new_post(member, post) if outcome.created else _current_post(member, post),
            thread=ThreadRefOut(
                id=thread.pk,
                board=thread.board.slug,
                title=thread.title,
                url=thread.get_absolute_url(),
            ),
            screening=ScreeningOut(
                level=screen.level,
                show_help=screen.needs_help_shown,
                help=[
                    HelpResourceOut(**resource)
                    for resource in crisis_resources_for(language=language, level=screen.level)
                ]
                if screen.needs_help_shown
                else [],
                held=post.is_held,
                notes=outcome.notes,
            ),
        ),
    )


# Refusals ---------------------------------------------------------------------------------

# Codes whose field is not the one the endpoint names by default.
_POSTING_FIELDS = {
    "anonymous_not_allowed": "anonymous",
    "blank_title": "title",
    "invalid_key": "idempotency_key",
}


def _problems(error: ValidationError, field: str, fields: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "type": item.code or "invalid",
            "loc": ["body", "payload", fields.get(item.code or "", field)],
            "msg": message,
        }
        for item in error.error_list
        for message in item.messages
    ]


def _refused(
    error: ValidationError | PermissionDenied,
    response: HttpResponse,
    *,
    field: str,
    fields: dict[str, str] | None = None,
) -> Status[dict[str, Any]]:
    """The answer for a write the forums refused, with the action's own words."""
    if isinstance(error, actions.ContentRulesBroken):
        return Status(
            422,
            {
                "detail": [
                    {
                        "type": "content_rules",
                        "loc": ["body", "payload", "body"],
                        "msg": hit.explanation,
                        "rule": hit.code,
                    }
                    for hit in error.hits
                ],
                "code": "content_rules",
                "hint": _(
                    "Change the words, or send the same request again with "
                    '"send_to_moderator": true to post it as it is: a moderator will read it '
                    "before anyone else sees it."
                ),
            },
        )
    if isinstance(error, ValidationError):
        problems = _problems(error, field, fields or {})
        return Status(422, {"detail": problems, "code": problems[0]["type"] if problems else None})
    if isinstance(error, actions.ThreadClosed):
        if error.reason == "deleted":
            return Status(410, {"detail": str(error), "code": "thread_deleted"})
        return Status(409, {"detail": str(error), "code": "thread_locked"})
    if isinstance(error, trust.RateLimited):
        response["Retry-After"] = str(error.retry_after)
        return Status(
            429,
            {"detail": str(error), "code": "rate_limited", "retry_after": error.retry_after},
        )
    return Status(403, {"detail": str(error)})


def _idempotency_key(header: str | None, body: str | None) -> str:
    if header is not None and body is not None and header != body:
        raise RequestInvalid(
            [
                {
                    "type": "idempotency_key_mismatch",
                    "loc": ["body", "payload", "idempotency_key"],
                    "msg": _("The Idempotency-Key header and idempotency_key differ."),
                }
            ]
        )
    return header or body or ""
