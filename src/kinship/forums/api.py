"""The forums part of the JSON API: boards, thread lists, threads, posting, reactions, follows.

For signed-in members (a token or the web session); a board, thread or post the caller may
not read is 404, as on the pages. Every write goes through `actions`, every read through
`queries`; this module only parses, calls and shapes the answer. A write the forums refuse
answers in one of a few shapes: 403 with the plain words, 409 (`thread_locked`) or 410
(`thread_deleted`) for a reply to a closed thread, 422 with the field and a code per
problem (`content_rules` with each rule's explanation and how to send it to a moderator
instead), 429 with `Retry-After` when a posting limit is reached.

Posting takes an `Idempotency-Key` header (or `idempotency_key` in the body): sending the
same key again answers 200 with the post the first request made, never a second post.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema, Status
from ninja import Path as PathParam
from ninja.errors import ValidationError as RequestInvalid
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from kinship.accounts.api import ERRORS
from kinship.accounts.auth import api_auth
from kinship.accounts.models import User
from kinship.core.api import DATABASE_INT_MAX
from kinship.forums import actions, permissions, queries, rendering, trust
from kinship.forums.models import (
    CONTENT_NOTE_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Board,
    Post,
    ReactionKind,
    Thread,
)
from kinship.safety.actions.moderation import NOTE_MAX_LENGTH as FLAG_NOTE_MAX_LENGTH
from kinship.safety.api.common import caller
from kinship.safety.models import FlagReason
from kinship.safety.resources import crisis_resources_for

router = Router(tags=["forums"], auth=api_auth)

# Far beyond any real forum; keeps the row offset well inside what a database accepts.
MAX_PAGE = 10_000
SLUG_MAX_LENGTH = 80
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
DELETE_REASON_MAX_LENGTH = 500
# PostgreSQL text cannot hold NUL. (Lone surrogates, which UTF-8 cannot hold either, are
# refused by pydantic in every length-limited string, as all text here is.)
_NUL = "\x00"

ThreadId = Annotated[int, PathParam(ge=1, le=DATABASE_INT_MAX)]
PostId = Annotated[int, PathParam(ge=1, le=DATABASE_INT_MAX)]
BoardSlug = Annotated[str, PathParam(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
KeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
        description="Any string the client picks per post; a retry with it makes no second post",
    ),
]


# Input ------------------------------------------------------------------------------------

Title = Annotated[
    str,
    Field(
        min_length=1,
        max_length=TITLE_MAX_LENGTH,
        pattern=r"\S",
        description="Plain text; inline Markdown is shown",
    ),
]
Body = Annotated[
    str,
    Field(min_length=1, max_length=rendering.MAX_BODY_CHARS, pattern=r"\S", description="Markdown"),
]
ContentNote = Annotated[
    str,
    Field(
        max_length=CONTENT_NOTE_MAX_LENGTH,
        description='A warning shown before the post, e.g. "mentions relapse"',
    ),
]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)]
IdempotencyKey = Annotated[str, Field(min_length=1, max_length=IDEMPOTENCY_KEY_MAX_LENGTH)]
SEND_TO_MODERATOR = (
    "After a 422 `content_rules`: post it anyway; a moderator reads it before anyone else"
)


class _Input(Schema):
    # A misspelt field ("anonymus") must not be dropped quietly: it may be a privacy choice.
    model_config = ConfigDict(extra="forbid")


class ReplyIn(_Input):
    body: Body
    content_note: ContentNote = ""
    anonymous: StrictBool = Field(
        default=False, description="Hide your handle from others (where the board allows it)"
    )
    send_to_moderator: StrictBool = Field(default=False, description=SEND_TO_MODERATOR)
    idempotency_key: IdempotencyKey | None = Field(
        default=None, description="The same as the Idempotency-Key header"
    )


class ThreadIn(ReplyIn):
    title: Title


class EditIn(_Input):
    body: Body
    title: Title | None = Field(default=None, description="For a thread's opening post only")
    content_note: ContentNote | None = Field(default=None, description="Null: unchanged")
    send_to_moderator: StrictBool = Field(default=False, description=SEND_TO_MODERATOR)


class PostFlagIn(_Input):
    reason: FlagReason
    note: str = Field(
        default="", max_length=FLAG_NOTE_MAX_LENGTH, description="Only moderators read it"
    )


class ModerationIn(_Input):
    pinned: StrictBool | None = None
    locked: StrictBool | None = None
    move_to_board: Slug | None = Field(
        default=None, description="A board's slug; you must moderate both boards"
    )


def _check_note(value: str) -> None:
    if value.strip():
        rendering.clean_inline(value, max_chars=CONTENT_NOTE_MAX_LENGTH)


# What the forums check in text beyond what the schema says, so a problem names its field.
_TEXT_CHECKS: dict[str, Callable[[str], object]] = {
    "title": rendering.clean_title,
    "body": rendering.validate_post_text,
    "content_note": _check_note,
}


def _check_text(*, where: str = "body", **fields: str | None) -> None:
    """Refuse text the database cannot store or the forums would refuse, naming the field.

    Called after the access check, so a missing board or thread stays a 404.
    """
    problems: list[dict[str, Any]] = []
    for name, value in fields.items():
        if value is None:
            continue
        location = ["body", "payload", name] if where == "body" else [where, name]
        if _NUL in value:
            message = _("This text has a NUL character in it. Take it out and send it again.")
            problems.append({"type": "nul_character", "loc": location, "msg": message})
            continue
        check = _TEXT_CHECKS.get(name)
        if check is None:
            continue
        try:
            check(value)
        except ValidationError as error:
            problems.extend(
                {"type": error.code or "invalid", "loc": location, "msg": message}
                for message in error.messages
            )
    if problems:
        raise RequestInvalid(problems)


# Output -----------------------------------------------------------------------------------


class InvalidOut(Schema):
    detail: list[dict[str, Any]] = Field(
        description="One problem each: `loc` ends with the field, `type` is its code, `msg`"
    )
    code: str | None = Field(default=None, description="The first problem's code")
    hint: str | None = Field(default=None, description="What to do next, when there is a way")


class RefusalOut(Schema):
    detail: str
    code: str = Field(description="thread_locked or thread_deleted")


class RateLimitedOut(Schema):
    detail: str
    code: str = Field(description="rate_limited")
    retry_after: int = Field(description="Seconds to wait; also in the Retry-After header")


ACTION_ERRORS: dict[int, type[Schema]] = {**ERRORS, 422: InvalidOut}
POSTING_ERRORS: dict[int, type[Schema]] = {
    **ACTION_ERRORS,
    409: RefusalOut,
    410: RefusalOut,
    429: RateLimitedOut,
}


class _Plain(BaseModel):
    """An output built from plain values: validated once, when it is made.

    (Django Ninja's `Schema` reads attributes through a getter made for ORM objects, which
    costs more than the rest of a thread list; these outputs never see an ORM object.)
    """


class BoardGroupOut(Schema):
    name: str
    url: str


class BoardOut(Schema):
    slug: str
    name: str
    description: str
    guidelines_html: str = Field(description="The board's guidelines, sanitised HTML")
    group: BoardGroupOut | None = Field(description="The group whose members may read it")
    allows_anonymous: bool
    language: str
    thread_count: int
    post_count: int
    last_post_at: datetime | None
    is_following: bool
    has_new: bool = Field(description="Posts since your last visit to the board's page")
    url: str


class ThreadOut(_Plain):
    id: int
    board: str = Field(description="The board's slug")
    title: str
    author: str = Field(description='The handle, or "a member" when posted anonymously')
    is_anonymous: bool
    is_pinned: bool
    is_locked: bool
    is_held: bool = Field(description="Waits for a moderator (only its author and they see it)")
    reply_count: int
    last_post_at: datetime
    url: str


class ThreadItemOut(ThreadOut):
    is_unread: bool


class ThreadPageOut(_Plain):
    page: int
    has_next: bool
    items: list[ThreadItemOut]


class ReactionOut(_Plain):
    kind: str
    label: str
    count: int
    is_mine: bool


class PostOut(_Plain):
    id: int
    author: str = Field(description='The handle, or "a member" when posted anonymously')
    is_mine: bool
    body: str = Field(description="Markdown, as written")
    body_html: str = Field(description="Sanitised HTML")
    content_note: str
    is_held: bool = Field(description="Waits for a moderator (only its author and they see it)")
    is_hidden: bool = Field(description="Hidden by a moderator (only its author and they see it)")
    is_deleted: bool = Field(description="Deleted (only its author and moderators see it)")
    is_unread: bool
    edited_at: datetime | None
    created_at: datetime
    reactions: list[ReactionOut]
    url: str


class ThreadDetailOut(ThreadOut):
    is_following: bool
    can_reply: bool
    can_moderate: bool
    page: int
    page_count: int
    has_next: bool
    posts: list[PostOut]


class HelpResourceOut(Schema):
    name: str
    detail: str
    href: str = Field(description="tel:, sms:, https: or mailto:")
    action: str = Field(description="The button's words")
    kind: str = Field(description="emergency, call, text or chat")


class ScreeningOut(Schema):
    level: str = Field(description="none, concern, high or imminent")
    show_help: bool = Field(description="Show the author the help below now")
    help: list[HelpResourceOut] = Field(description="People to call or text, in order")
    held: bool = Field(description="Others see the post once a moderator has looked")
    notes: list[str] = Field(description="Plain words for the author about what happens next")


class ThreadRefOut(Schema):
    id: int
    board: str
    title: str
    url: str


class WrittenOut(Schema):
    post: PostOut
    thread: ThreadRefOut
    screening: ScreeningOut


class FollowingOut(Schema):
    is_following: bool


class PostFlagOut(Schema):
    reason: str
    message: str = Field(
        description="What to tell the member; for at_risk, what to do if the danger is immediate"
    )


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
    if payload.reason == FlagReason.AT_RISK:
        message = _(
            "Thank you for telling us. A peer supporter on call has been told. If someone is "
            "in immediate danger, call 911 now. If they are thinking about suicide, they or "
            "you can call or text 988, any time."
        )
    else:
        message = _(
            "Thank you for telling us. A moderator will look at it. The person who wrote it "
            "will not know who told us."
        )
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
