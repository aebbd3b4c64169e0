"""What the forums API takes and gives: path and query types, request and response bodies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Header, Query, Schema
from ninja import Path as PathParam
from ninja.errors import ValidationError as RequestInvalid
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from kinship.accounts.api import ERRORS
from kinship.core.api import DATABASE_INT_MAX
from kinship.forums import rendering
from kinship.forums.models import (
    CONTENT_NOTE_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from kinship.safety.actions.moderation import NOTE_MAX_LENGTH as FLAG_NOTE_MAX_LENGTH
from kinship.safety.models import FlagReason

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
