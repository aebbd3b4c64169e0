"""Starting threads, replying, editing and deleting posts: one write path.

`start_thread`, `reply` and `edit_post` check the text (size, the content rules), the
member's suspension and posting limits, then in one transaction save the post, screen it
with `safety.actions.screen_content` before anyone else can see it, hold it when
screening, the content rules or new-account trust say so, and audit it. On commit the
thread's readers get the new post live and followers and mentioned members are told (in a
task), once the post is visible to others. An idempotency key makes a retried request
answer with the post it made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.core.audit import AuditAction, record_audit
from kinship.forums import live, permissions, rendering, trust
from kinship.forums.actions.threads import refresh_thread
from kinship.forums.models import (
    CONTENT_NOTE_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    Board,
    Follow,
    HeldReason,
    IdempotencyKey,
    Post,
    PostRevision,
    Thread,
)
from kinship.safety.actions import ScreenResult, SourceRef, screen_content
from kinship.safety.actions import moderation as safety_moderation
from kinship.safety.models import Assessment, RiskLevel
from kinship.safety.queries import check_can_post
from kinship.safety.rules import RuleHit, check_content_rules

POST_KIND = "forums.post"
SCREENING_CHANNEL = "forums"
_NOT_SCREENED = ScreenResult(level=RiskLevel.NONE, signals=[], holds_content=False)


class ContentRulesBroken(ValidationError):
    """The text breaks content rules; the member may change it or send it to a moderator."""

    def __init__(self, hits: Sequence[RuleHit]) -> None:
        super().__init__([hit.explanation for hit in hits], code="content_rules")
        self.hits = list(hits)


class ThreadClosed(PermissionDenied):
    """A reply to a locked or deleted thread; `reason` is "locked" or "deleted"."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PostOutcome:
    """What happened to what a member wrote, for the page or API answer."""

    post: Post
    screen: ScreenResult
    created: bool = True
    """False when an idempotency key found the post an earlier request made."""
    notes: list[str] = field(default_factory=list)
    """Plain words for the author: why the post waits for a moderator."""

    @property
    def thread(self) -> Thread:
        return self.post.thread


# Cleaning ---------------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    if not title.strip():
        raise ValidationError(_("Give your thread a title."), code="blank_title")
    return rendering.clean_title(title)


def _clean_note(content_note: str) -> str:
    if not content_note.strip():
        return ""
    return rendering.clean_inline(content_note, max_chars=CONTENT_NOTE_MAX_LENGTH)


def _clean_optional(text: str, *, max_chars: int) -> str:
    return rendering.clean_inline(text, max_chars=max_chars) if text.strip() else ""


def _clean_key(idempotency_key: str) -> str:
    key = idempotency_key.strip()
    if len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        raise ValidationError(
            _("The idempotency key is longer than %(limit)s characters.")
            % {"limit": IDEMPOTENCY_KEY_MAX_LENGTH},
            code="invalid_key",
        )
    return key


def _checked_words(
    author: User, board: Board, body: str, content_note: str, *, is_anonymous: bool
) -> tuple[str, str]:
    """A new post's body and content note, cleaned and checked, and the author allowed to post."""
    body = rendering.clean_body(body)
    rendering.validate_post_text(body)
    note = _clean_note(content_note)
    if is_anonymous and not board.allows_anonymous:
        raise ValidationError(
            _("This board does not allow anonymous posts."), code="anonymous_not_allowed"
        )
    check_can_post(author)
    return body, note


def _check_rules(*, author: User, text: str, send_to_moderator: bool) -> list[RuleHit]:
    """The rule hits the member chose to send on to a moderator (raises until they choose)."""
    hits = check_content_rules(text, is_public=True)
    if not hits:
        return []
    safety_moderation.record_content_rule_hits(
        author=author, source_kind=POST_KIND, hits=hits, is_public=True
    )
    if not send_to_moderator:
        raise ContentRulesBroken(hits)
    return hits


def _earlier(author: User, key: str) -> PostOutcome | None:
    if not key:
        return None
    found = (
        IdempotencyKey.objects.select_related("post__thread__board")
        .filter(user=author, key=key)
        .first()
    )
    if found is None:
        return None
    post = found.post
    assessment = (
        Assessment.objects.filter(source_kind=POST_KIND, source_id=str(post.pk))
        .order_by("-id")
        .first()
    )
    screen = (
        ScreenResult(
            level=assessment.level,
            signals=assessment.signals,
            holds_content=assessment.holds_content,
            assessment_id=assessment.pk,
        )
        if assessment is not None
        else _NOT_SCREENED
    )
    return PostOutcome(post=post, screen=screen, created=False, notes=_held_notes(post))


def _held_notes(post: Post) -> list[str]:
    if not post.is_held:
        return []
    if post.held_reason == HeldReason.NEW_ACCOUNT_LINK:
        return [trust.new_account_link_note()]
    if post.held_reason == HeldReason.CONTENT_RULE:
        return [
            _(
                "Your post is saved and waits for a moderator, as you chose. They will read "
                "it soon; you will get a notification either way."
            )
        ]
    return [
        _(
            "Your words are saved. Other members will see them after a moderator has "
            "looked. You did nothing wrong. If things feel hard right now, “Get help now” "
            "at the top of every page lists people you can call or text, day and night."
        )
    ]


# Posting ----------------------------------------------------------------------------------


def start_thread(
    *,
    author: User,
    board: Board,
    title: str,
    body: str,
    content_note: str = "",
    is_anonymous: bool = False,
    idempotency_key: str = "",
    send_to_moderator: bool = False,
) -> PostOutcome:
    """Start a thread with its opening post (see the module notes for the whole path)."""
    permissions.check_write_permission(author, board)
    key = _clean_key(idempotency_key)
    earlier = _earlier(author, key)
    if earlier is not None:
        return earlier
    clean_title = _clean_title(title)
    body, note = _checked_words(author, board, body, content_note, is_anonymous=is_anonymous)
    hits = _check_rules(
        author=author, text=f"{clean_title}\n\n{body}", send_to_moderator=send_to_moderator
    )
    trusted = trust.Trust(author)
    trust.check_rate(author, is_thread=True, trust=trusted)
    with transaction.atomic():
        now = timezone.now()
        thread = Thread.objects.create(
            board=board,
            author=author,
            is_anonymous=is_anonymous,
            title=clean_title,
            last_post_at=now,
        )
        post = _create_post(
            thread=thread,
            author=author,
            body=body,
            note=note,
            is_anonymous=is_anonymous,
            is_opening=True,
        )
        duplicate = _claim_key(author=author, key=key, post=post)
        if duplicate is not None:
            transaction.set_rollback(True)
            return duplicate
        Follow.objects.create(user=author, thread=thread)  # a new thread: no follow yet
        record_audit(
            action=AuditAction.THREAD_STARTED,
            actor=author,
            subject_kind=POST_KIND,
            subject_id=post.pk,
            data={"thread_id": thread.pk, "board_id": board.pk, "anonymous": is_anonymous},
        )
        return _screen_and_publish(
            post=post,
            text=f"{clean_title}\n\n{body}",
            rule_hits=hits,
            trusted=trusted,
        )


def reply(
    *,
    author: User,
    thread: Thread,
    body: str,
    content_note: str = "",
    is_anonymous: bool = False,
    idempotency_key: str = "",
    send_to_moderator: bool = False,
) -> PostOutcome:
    """Reply in a thread; a locked or deleted thread answers ThreadClosed, nothing saved."""
    key = _clean_key(idempotency_key)
    try:
        return _reply(
            author=author,
            thread=thread,
            body=body,
            content_note=content_note,
            is_anonymous=is_anonymous,
            key=key,
            send_to_moderator=send_to_moderator,
        )
    except PermissionDenied:
        # A retry of a reply that was made answers with it, even when the thread has
        # been locked, the posting limit reached (by that very reply) or the member
        # suspended since. (A retry that gets through is caught by the key's constraint.)
        earlier = _earlier(author, key)
        if earlier is None:
            raise
        return earlier


def _reply(
    *,
    author: User,
    thread: Thread,
    body: str,
    content_note: str,
    is_anonymous: bool,
    key: str,
    send_to_moderator: bool,
) -> PostOutcome:
    permissions.check_write_permission(author, thread.board)
    viewer = permissions.require_viewer(author)
    if not thread.is_deleted and not permissions.can_see_thread(viewer, thread):
        raise Http404("No such thread")
    # Closed threads answer first: nothing else about the words matters then.
    _check_open(thread, author)
    body, note = _checked_words(author, thread.board, body, content_note, is_anonymous=is_anonymous)
    hits = _check_rules(author=author, text=body, send_to_moderator=send_to_moderator)
    trusted = trust.Trust(author)
    trust.check_rate(author, is_thread=False, trust=trusted)
    with transaction.atomic():
        locked = permissions.thread_with_board(thread.pk, for_update=True)
        if locked is None:
            raise Http404("No such thread")
        locked.board = thread.board
        if not locked.is_deleted and not permissions.can_see_thread(viewer, locked):
            raise Http404("No such thread")
        _check_open(locked, author)
        post = _create_post(
            thread=locked,
            author=author,
            body=body,
            note=note,
            is_anonymous=is_anonymous,
            is_opening=False,
        )
        duplicate = _claim_key(author=author, key=key, post=post)
        if duplicate is not None:
            transaction.set_rollback(True)
            return duplicate
        # Replying follows the thread (once: a follow already there stays as it is).
        Follow.objects.bulk_create([Follow(user=author, thread=locked)], ignore_conflicts=True)
        record_audit(
            action=AuditAction.POST_CREATED,
            actor=author,
            subject_kind=POST_KIND,
            subject_id=post.pk,
            data={"thread_id": locked.pk, "anonymous": is_anonymous},
        )
        return _screen_and_publish(post=post, text=body, rule_hits=hits, trusted=trusted)


def _check_open(thread: Thread, author: User) -> None:
    viewer = permissions.require_viewer(author)
    if thread.is_deleted:
        raise ThreadClosed(
            _("This thread was deleted, so it no longer takes replies."),
            reason="deleted",
        )
    if thread.is_locked and not viewer.can_moderate(thread.board):
        raise ThreadClosed(
            _("This thread is locked by a moderator, so it no longer takes replies."),
            reason="locked",
        )


def _create_post(
    *, thread: Thread, author: User, body: str, note: str, is_anonymous: bool, is_opening: bool
) -> Post:
    return Post.objects.create(
        thread=thread,
        author=author,
        is_anonymous=is_anonymous,
        is_opening=is_opening,
        body=body,
        body_html=rendering.render_markdown(body),
        content_note=note,
    )


def _claim_key(*, author: User, key: str, post: Post) -> PostOutcome | None:
    """Record the key with the new post; a twin that came first returns its post.

    One statement that claims the key or does nothing (no savepoint): an earlier request
    with the same key, finished or still running, holds it.
    """
    if not key:
        return None
    table = IdempotencyKey._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, key, post_id, created_at) VALUES (%s, %s, %s, %s) "  # noqa: S608  (table name from the model)
            "ON CONFLICT DO NOTHING RETURNING id",
            [author.pk, key, post.pk, timezone.now()],
        )
        claimed = cursor.fetchone() is not None
    if claimed:
        return None
    return _earlier(author, key)


def _screen_and_publish(
    *, post: Post, text: str, rule_hits: list[RuleHit], trusted: trust.Trust
) -> PostOutcome:
    source = SourceRef(POST_KIND, str(post.pk), post.get_absolute_url())
    screen = screen_content(author=post.author, text=text, source=source, channel=SCREENING_CHANNEL)
    if screen.holds_content:
        # `screen_content` held it through the content kind, which updated the row.
        post.refresh_from_db(fields=["is_held", "held_reason"])
    _hold_if_needed(post, source=source, text=text, rule_hits=rule_hits, trusted=trusted)
    if post.is_held:
        refresh_thread(post.thread_id)
    else:
        _count_new_post(post)
    _after_commit(post)
    return PostOutcome(post=post, screen=screen, notes=_held_notes(post))


def _count_new_post(post: Post) -> None:
    """A post everyone sees was added: move the counters on without recounting (2 updates).

    The thread row is locked by the reply (or new) in this transaction, so the increments
    cannot race; anything that hides or releases a post recounts (`refresh_thread`). Every
    post runs these two statements, so they are written out rather than built each time.
    """
    threads, boards = Thread._meta.db_table, Board._meta.db_table
    replies = 0 if post.is_opening else 1
    opened = 1 if post.is_opening else 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {threads} SET last_post_id = %s, last_post_at = %s, "  # noqa: S608  (table names from the models)
            "reply_count = reply_count + %s WHERE id = %s",
            [post.pk, post.created_at, replies, post.thread_id],
        )
        cursor.execute(
            f"UPDATE {boards} SET post_count = post_count + 1, last_post_at = %s, "  # noqa: S608  (table names from the models)
            "thread_count = thread_count + %s WHERE id = %s",
            [post.created_at, opened, post.thread.board_id],
        )


def _hold_if_needed(
    post: Post, *, source: SourceRef, text: str, rule_hits: list[RuleHit], trusted: trust.Trust
) -> None:
    """After screening: hold for the content rules the member sent on, or a new account's link."""
    if post.is_held:
        return
    if rule_hits:
        safety_moderation.hold_for_content_rules(source=source, author=post.author, hits=rule_hits)
        _mark_held(post, HeldReason.CONTENT_RULE)
    elif trust.has_link(text) and not trusted.is_trusted:
        safety_moderation.hold_new_account_post(source=source, author=post.author)
        _mark_held(post, HeldReason.NEW_ACCOUNT_LINK)


def _mark_held(post: Post, reason: str) -> None:
    post.held_reason = reason
    post.save(update_fields=["held_reason"])
    post.refresh_from_db(fields=["is_held", "held_reason"])


IDEMPOTENCY_KEY_LIFETIME = timedelta(days=1)


def forget_old_idempotency_keys(*, now: datetime | None = None) -> int:
    """A retry comes within seconds or minutes; a day later the key has done its work."""
    moment = now or timezone.now()
    deleted, _rows = IdempotencyKey.objects.filter(
        created_at__lt=moment - IDEMPOTENCY_KEY_LIFETIME
    ).delete()
    return deleted


def _after_commit(post: Post) -> None:
    post_id, thread_id, visible = post.pk, post.thread_id, post.is_visible_to_all

    def publish() -> None:
        live.announce_post(thread_id=thread_id, post_id=post_id)
        if visible:
            from kinship.forums.tasks import tell_followers

            tell_followers.enqueue(post_id=post_id)

    transaction.on_commit(publish)


def edit_post(
    *,
    editor: User,
    post: Post,
    body: str,
    title: str | None = None,
    content_note: str | None = None,
    send_to_moderator: bool = False,
) -> PostOutcome:
    """The author changes their post (and the title, for an opening post); screened again.

    The earlier version is kept, encrypted, for moderators and the author.
    """
    permissions.check_edit_post_permission(editor, post)
    body = rendering.clean_body(body)
    rendering.validate_post_text(body)
    clean_title = _clean_title(title) if title is not None and post.is_opening else None
    note = _clean_note(content_note) if content_note is not None else post.content_note
    check_can_post(editor)
    text = f"{clean_title or post.thread.title}\n\n{body}" if post.is_opening else body
    hits = _check_rules(author=editor, text=text, send_to_moderator=send_to_moderator)
    trusted = trust.Trust(editor)
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("thread__board").get(pk=post.pk)
        thread = locked.thread
        PostRevision.objects.create(
            post=locked,
            body=locked.body,
            title=thread.title if locked.is_opening else "",
            content_note=locked.content_note,
            edited_by=editor,
        )
        locked.body = body
        locked.body_html = rendering.render_markdown(body)
        locked.content_note = note
        locked.edited_at = timezone.now()
        locked.edit_count += 1
        locked.save(update_fields=["body", "body_html", "content_note", "edited_at", "edit_count"])
        if clean_title is not None and clean_title != thread.title:
            thread.title = clean_title
            thread.save(update_fields=["title", "updated_at"])
        record_audit(
            action=AuditAction.POST_EDITED,
            actor=editor,
            subject_kind=POST_KIND,
            subject_id=locked.pk,
            data={"thread_id": thread.pk, "edit": locked.edit_count},
        )
        source = SourceRef(POST_KIND, str(locked.pk), locked.get_absolute_url())
        screen = screen_content(author=editor, text=text, source=source, channel=SCREENING_CHANNEL)
        locked.refresh_from_db(fields=["is_held", "held_reason"])
        _hold_if_needed(locked, source=source, text=body, rule_hits=hits, trusted=trusted)
        refresh_thread(thread.pk)
        post_id, thread_id = locked.pk, thread.pk
        transaction.on_commit(
            lambda: live.announce_post(thread_id=thread_id, post_id=post_id, is_edit=True)
        )
    return PostOutcome(post=locked, screen=screen, notes=_held_notes(locked))


def delete_post(*, actor: User, post: Post, reason: str = "") -> Post:
    """Soft delete: the author or a board moderator. Deleting the opening post deletes the thread.

    The words stay in the database for moderators (and an account's erasure) but nobody
    else sees them; a moderator's deletion tells the author why.
    """
    permissions.check_delete_post_permission(actor, post)
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("thread__board").get(pk=post.pk)
        if locked.is_deleted:
            return locked
        now = timezone.now()
        locked.is_deleted = True
        locked.deleted_at = now
        locked.deleted_by = actor
        locked.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        thread = locked.thread
        if locked.is_opening:
            thread.is_deleted = True
            thread.deleted_at = now
            thread.deleted_by = actor
            thread.save(update_fields=["is_deleted", "deleted_at", "deleted_by", "updated_at"])
        by_moderator = locked.author_id != actor.pk
        record_audit(
            action=AuditAction.POST_DELETED,
            actor=actor,
            subject_kind=POST_KIND,
            subject_id=locked.pk,
            data={
                "thread_id": thread.pk,
                "whole_thread": locked.is_opening,
                "by_moderator": by_moderator,
            },
        )
        refresh_thread(thread.pk)
        if by_moderator and locked.author is not None:
            _tell_author_removed(locked, reason)
    return locked


def _tell_author_removed(post: Post, reason: str) -> None:
    from django.utils.translation import get_language, override

    from kinship.forums import kinds
    from kinship.notifications.actions import notify

    author = post.author
    assert author is not None  # noqa: S101  (checked by the caller)
    with override(author.preferred_language or get_language()):
        body = _(
            "A moderator removed your post in “%(title)s”. You can still read the thread and "
            "post again within the board's guidelines."
        ) % {"title": post.thread.title}
        if reason.strip():
            body += " " + _("Their note: %(reason)s") % {"reason": reason.strip()[:500]}
        notify(
            recipient=author,
            kind=kinds.MODERATION,
            title=_("A moderator removed one of your posts"),
            body=body,
            url=post.thread.board.get_absolute_url(),
        )


# Counters ---------------------------------------------------------------------------------
