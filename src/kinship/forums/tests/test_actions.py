"""The forums' writes: posting, screening, holding, limits, idempotency, moderation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.forums import actions, trust
from kinship.forums.models import (
    Follow,
    HeldReason,
    Post,
    PostRevision,
    Reaction,
    Thread,
)
from kinship.forums.tests.factories import make_board, make_reply, make_thread, trusted_member
from kinship.privacy.models import AuditEntry
from kinship.safety.models import Alert, CaseReason, ModerationCase
from kinship.safety.models.moderation import Suspension

pytestmark = pytest.mark.django_db

RISKY = "I have the pills saved up and I am going to take them all tonight."


def test_start_thread_saves_renders_follows_and_counts() -> None:
    board = make_board()
    author = make_user(handle="willow")
    outcome = actions.start_thread(
        author=author, board=board, title="  Six months   today ", body="I **made** it."
    )
    post = outcome.post
    assert outcome.created
    assert post.is_opening
    assert post.thread.title == "Six months today"
    assert post.body_html == "<p>I <strong>made</strong> it.</p>\n"
    assert Follow.objects.filter(user=author, thread=post.thread).exists()
    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 1)
    assert AuditEntry.objects.filter(
        action="forums.thread_started", subject_id=str(post.pk)
    ).exists()


def test_reply_counts_and_moves_last_post() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    reply = make_reply(thread=thread, author=make_user())
    thread.refresh_from_db()
    assert thread.reply_count == 1
    assert thread.last_post_id == reply.pk
    board.refresh_from_db()
    assert board.post_count == 2


def test_risky_post_is_held_alerts_and_author_still_sees_it() -> None:
    board = make_board()
    author = make_user()
    outcome = actions.start_thread(author=author, board=board, title="tonight", body=RISKY)
    assert outcome.screen.level == "imminent"
    assert outcome.screen.needs_help_shown
    post = Post.objects.get(pk=outcome.post.pk)
    assert post.is_held
    assert post.held_reason == HeldReason.SAFETY
    assert Thread.objects.get(pk=post.thread_id).is_held  # the opening post is held
    assert Alert.objects.filter(source_kind="forums.post", source_id=str(post.pk)).exists()
    assert ModerationCase.objects.filter(source_id=str(post.pk), is_held=True).exists()
    assert outcome.notes  # the author is told kindly why
    board.refresh_from_db()
    assert board.thread_count == 0  # nobody else sees it yet


def test_concern_shows_help_but_does_not_hold() -> None:
    board = make_board()
    outcome = actions.start_thread(
        author=make_user(),
        board=board,
        title="rough",
        body="Honestly I don't see the point of anything anymore.",
    )
    assert outcome.screen.needs_help_shown
    assert not Post.objects.get(pk=outcome.post.pk).is_held


def test_idempotency_key_returns_the_first_post() -> None:
    board = make_board()
    author = make_user()
    first = actions.start_thread(
        author=author, board=board, title="Hello", body="First", idempotency_key="abc-1"
    )
    again = actions.start_thread(
        author=author, board=board, title="Hello", body="First", idempotency_key="abc-1"
    )
    assert not again.created
    assert again.post.pk == first.post.pk
    assert Thread.objects.count() == 1
    reply_one = actions.reply(author=author, thread=first.thread, body="x", idempotency_key="r")
    reply_two = actions.reply(author=author, thread=first.thread, body="x", idempotency_key="r")
    assert reply_one.post.pk == reply_two.post.pk
    assert Post.objects.count() == 2


def test_same_key_from_another_member_is_their_own() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    one = actions.reply(author=make_user(), thread=thread, body="a", idempotency_key="k")
    two = actions.reply(author=make_user(), thread=thread, body="a", idempotency_key="k")
    assert one.post.pk != two.post.pk


def test_locked_thread_refuses_replies_but_moderator_may() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    moderator = make_user(role=Role.MODERATOR)
    actions.set_locked(actor=moderator, thread=thread, is_locked=True)
    with pytest.raises(actions.ThreadClosed) as refused:
        actions.reply(author=make_user(), thread=thread, body="hello")
    assert refused.value.reason == "locked"
    assert Post.objects.filter(thread=thread).count() == 1
    make_reply(thread=thread, author=moderator, body="Locking this one, see the new thread.")


def test_deleted_thread_refuses_replies() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=author)
    opening = thread.posts.get(is_opening=True)
    actions.delete_post(actor=author, post=opening)
    thread.refresh_from_db()
    assert thread.is_deleted
    with pytest.raises(actions.ThreadClosed) as refused:
        actions.reply(author=make_user(), thread=thread, body="hello")
    assert refused.value.reason == "deleted"


def test_anonymous_only_where_allowed() -> None:
    closed = make_board()
    with pytest.raises(ValidationError):
        actions.start_thread(
            author=make_user(), board=closed, title="t", body="b", is_anonymous=True
        )
    open_board = make_board(allows_anonymous=True)
    author = make_user()
    outcome = actions.start_thread(
        author=author, board=open_board, title="t", body="b", is_anonymous=True
    )
    assert outcome.post.is_anonymous
    assert outcome.post.author_id == author.pk
    entry = AuditEntry.objects.get(action="forums.thread_started", subject_id=str(outcome.post.pk))
    assert entry.actor_id == author.pk
    assert entry.data["anonymous"] is True


def test_content_rules_explain_then_hold_when_sent_on() -> None:
    board = make_board()
    author = trusted_member()
    text = "Text me any time at 312-555-0147, happy to talk."
    with pytest.raises(actions.ContentRulesBroken) as broken:
        actions.start_thread(author=author, board=board, title="Reach out", body=text)
    assert broken.value.hits
    assert Thread.objects.count() == 0
    outcome = actions.start_thread(
        author=author, board=board, title="Reach out", body=text, send_to_moderator=True
    )
    assert outcome.post.is_held
    assert outcome.post.held_reason == HeldReason.CONTENT_RULE
    assert (
        ModerationCase.objects.get(source_id=str(outcome.post.pk)).reason == CaseReason.CONTENT_RULE
    )


def test_crisis_line_numbers_pass_the_rules() -> None:
    outcome = actions.start_thread(
        author=trusted_member(), board=make_board(), title="Numbers", body="Call or text 988."
    )
    assert not outcome.post.is_held


def test_new_account_links_wait_for_a_moderator() -> None:
    board = make_board()
    newcomer = make_user()
    outcome = actions.start_thread(
        author=newcomer, board=board, title="A good read", body="See https://example.org/story"
    )
    assert outcome.post.is_held
    assert outcome.post.held_reason == HeldReason.NEW_ACCOUNT_LINK
    assert (
        ModerationCase.objects.get(source_id=str(outcome.post.pk)).reason == CaseReason.NEW_ACCOUNT
    )
    assert "new" in outcome.notes[0]
    plain = actions.reply(author=newcomer, thread=outcome.thread, body="No link here.")
    assert not plain.post.is_held


@override_settings(KINSHIP_FORUMS_NEW_ACCOUNT_POSTS=2)
def test_links_pass_once_an_account_has_posts_others_see() -> None:
    board = make_board()
    member = make_user()
    thread = make_thread(board=board, author=member)
    make_reply(thread=thread, author=member)
    assert trust.is_trusted(member)
    linked = actions.reply(author=member, thread=thread, body="https://example.org")
    assert not linked.post.is_held


@override_settings(KINSHIP_FORUMS_POSTS_PER_10_MINUTES=4)
def test_rate_limit_explains_and_saves_nothing() -> None:
    board = make_board()
    member = make_user()
    thread = make_thread(board=board, author=make_user(role=Role.PEER_SUPPORTER))
    # A new account gets half: two posts in ten minutes.
    make_reply(thread=thread, author=member)
    make_reply(thread=thread, author=member)
    before = Post.objects.count()
    with pytest.raises(trust.RateLimited) as limited:
        make_reply(thread=thread, author=member)
    assert "10 minutes" in str(limited.value)
    assert limited.value.retry_after > 0
    assert Post.objects.count() == before
    # Ten minutes later the member may post again.
    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(minutes=11))
    make_reply(thread=thread, author=member)


@override_settings(KINSHIP_FORUMS_THREADS_PER_HOUR=2)
def test_thread_limit_leaves_replies_open() -> None:
    board = make_board()
    member = make_user()
    make_thread(board=board, author=member)
    with pytest.raises(trust.RateLimited):
        make_thread(board=board, author=member)
    thread = Thread.objects.get()
    make_reply(thread=thread, author=member)


def test_suspended_member_cannot_post() -> None:
    board = make_board()
    member = make_user()
    Suspension.objects.create(member=member, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        make_thread(board=board, author=member)
    assert Thread.objects.count() == 0


def test_edit_keeps_history_encrypted_and_screens_again() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=author, title="Old title", body="Old words")
    post = thread.posts.get()
    outcome = actions.edit_post(editor=author, post=post, body=RISKY, title="New title")
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.body == RISKY
    assert post.edit_count == 1
    assert post.edited_at is not None
    assert thread.title == "New title"
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "Old words"
    assert revision.title == "Old title"
    assert outcome.screen.level == "imminent"
    assert post.is_held
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM forums_postrevision WHERE id = %s", [revision.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("kx1:")
    assert "Old words" not in stored


def test_only_the_author_edits() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    with pytest.raises(PermissionDenied):
        actions.edit_post(editor=make_user(), post=thread.posts.get(), body="mine now")


def test_moderator_removal_tells_the_author() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=author)
    reply = make_reply(thread=thread, author=make_user())
    moderator = make_user(role=Role.MODERATOR)
    actions.delete_post(actor=moderator, post=reply, reason="Off topic")
    from kinship.notifications.models import Notification

    assert Notification.objects.filter(recipient=reply.author, kind="forums.moderation").exists()


def test_reactions_once_each_and_no_downvote() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    post = thread.posts.get()
    member = make_user()
    assert actions.react(member=member, post=post, kind="me_too")
    assert not actions.react(member=member, post=post, kind="me_too")
    assert actions.react(member=member, post=post, kind="thanks")
    with pytest.raises(ValidationError):
        actions.react(member=member, post=post, kind="downvote")
    assert Reaction.objects.filter(post=post).count() == 2
    assert actions.unreact(member=member, post=post, kind="thanks")
    assert Reaction.objects.filter(post=post).count() == 1


def test_move_needs_both_boards_and_keeps_counts() -> None:
    first, second = make_board(), make_board()
    thread = make_thread(board=first, author=make_user())
    moderator = make_user(role=Role.MODERATOR)
    actions.move_thread(actor=moderator, thread=thread, board=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.thread_count, second.thread_count) == (0, 1)
    with pytest.raises(PermissionDenied):
        actions.move_thread(actor=make_user(), thread=thread, board=first)


def test_oversized_post_is_refused_with_nothing_saved() -> None:
    with pytest.raises(ValidationError):
        actions.start_thread(
            author=make_user(), board=make_board(), title="long", body="x" * 20_001
        )
    assert Thread.objects.count() == 0


def test_mark_read_never_moves_back() -> None:
    board = make_board()
    member = make_user()
    thread = make_thread(board=board, author=make_user())
    actions.mark_read(member=member, thread=thread, post_id=10)
    actions.mark_read(member=member, thread=thread, post_id=5)
    assert thread.reads.get(user=member).last_read_post_id == 10


def test_old_idempotency_keys_are_forgotten_and_recent_ones_kept() -> None:
    from kinship.forums.models import IdempotencyKey

    board = make_board()
    author = make_user()
    actions.start_thread(author=author, board=board, title="a", body="b", idempotency_key="old")
    actions.start_thread(author=author, board=board, title="c", body="d", idempotency_key="new")
    IdempotencyKey.objects.filter(key="old").update(created_at=timezone.now() - timedelta(days=2))
    assert actions.forget_old_idempotency_keys() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]


def test_archived_board_is_read_only_except_for_moderators() -> None:
    board = make_board(is_archived=True)
    with pytest.raises(PermissionDenied):
        make_thread(board=board, author=make_user())
    make_thread(board=board, author=make_user(role=Role.MODERATOR))


def test_board_visits_give_the_previous_visit_and_half_an_hour_is_one_visit() -> None:
    board = make_board()
    member = make_user()
    start = timezone.now() - timedelta(days=1)
    assert actions.record_board_visit(member=member, board=board, now=start) is None
    # Ten minutes later: the same visit, still nothing earlier.
    assert (
        actions.record_board_visit(member=member, board=board, now=start + timedelta(minutes=10))
        is None
    )
    # Two hours later: a new visit; "new" means newer than the last one.
    later = start + timedelta(hours=2)
    assert actions.record_board_visit(member=member, board=board, now=later) == start + timedelta(
        minutes=10
    )
    assert actions.record_board_visit(
        member=member, board=board, now=later + timedelta(minutes=5)
    ) == start + timedelta(minutes=10)


def test_nul_and_lone_surrogates_are_cleaned_not_crashing() -> None:
    board = make_board()
    outcome = actions.start_thread(
        author=make_user(), board=board, title="odd", body="before\x00after \ud800 end"
    )
    post = Post.objects.get(pk=outcome.post.pk)
    assert post.body == "beforeafter \ufffd end"


def test_reply_into_someone_elses_held_thread_is_not_found() -> None:
    from django.http import Http404

    board = make_board()
    held = actions.start_thread(author=make_user(), board=board, title="t", body=RISKY).thread
    with pytest.raises(Http404):
        actions.reply(author=make_user(), thread=held, body="hello")


def test_locked_thread_answers_before_the_content_rules() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    actions.set_locked(actor=make_user(role=Role.MODERATOR), thread=thread, is_locked=True)
    with pytest.raises(actions.ThreadClosed):
        actions.reply(author=make_user(), thread=thread, body="Call me at 312-555-0147")
    assert not AuditEntry.objects.filter(action="safety.content_rule").exists()


def test_own_held_post_past_the_public_pages_is_reachable() -> None:
    from kinship.forums import queries

    board = make_board()
    author = trusted_member()
    thread = make_thread(board=board, author=author)
    for number in range(19):
        make_reply(thread=thread, author=author, body=f"reply {number}")
    writer = make_user()
    held = actions.reply(author=writer, thread=thread, body=RISKY).post
    thread = queries.thread_for_reader(writer, thread.pk)
    first = queries.thread_view(writer, thread, page=1)
    assert first.page_count == 2
    second = queries.thread_view(writer, thread, page=2)
    assert [row.post.pk for row in second.posts] == [held.pk]
    # Everyone else has one page; asking for page 2 shows the last page there is.
    other = make_user()
    seen = queries.thread_view(other, queries.thread_for_reader(other, thread.pk), page=2)
    assert seen.page == 1
    assert seen.page_count == 1


def test_counters_moved_on_by_each_post_match_a_full_recount() -> None:
    from kinship.forums.models import Board

    board = make_board()
    author = trusted_member()
    first = make_thread(board=board, author=author)
    second = make_thread(board=board, author=author)
    for number in range(3):
        make_reply(thread=first, author=author, body=f"reply {number}")
    actions.reply(author=make_user(), thread=second, body=RISKY)  # held: not counted
    last = make_reply(thread=second, author=author, body="after the held one")

    def snapshot() -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = [
            Board.objects.filter(pk=board.pk)
            .values_list("thread_count", "post_count", "last_post_at")
            .get()
        ]
        rows += Thread.objects.order_by("pk").values_list(
            "reply_count", "last_post_id", "last_post_at"
        )
        return rows

    before = snapshot()
    for thread in (first, second):
        actions.refresh_thread(thread.pk)
    assert snapshot() == before
    assert Thread.objects.get(pk=second.pk).last_post_id == last.pk
    assert before[0][:2] == (2, 6)  # 1 + 3 replies, 1 + 1 (the held reply not counted)
