"""The demo's forums: varied boards and warm threads, nothing held, the same on a second run."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from django.db.models import Max
from django.utils import timezone

from kinship.accounts.models import Role, User
from kinship.accounts.tests.helpers import audit_model
from kinship.accounts.tests.test_demo import run_demo
from kinship.directory.models import Group, GroupMembership, MembershipStatus
from kinship.forums import permissions, queries
from kinship.forums.demo import build_demo_forums
from kinship.forums.models import (
    Board,
    BoardVisit,
    Follow,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    Thread,
    ThreadRead,
)
from kinship.safety.models import Alert, Assessment, ModerationCase

pytestmark = pytest.mark.django_db

BOARD_SLUGS = [
    "welcome",
    "milestones",
    "cravings-and-hard-days",
    "medication-questions",
    "family-and-friends",
    "en-espanol",
    "say-it-anonymously",
    "night-owls-members",
]

SPANISH_WORDS = {"de", "que", "y", "la", "el", "mi", "me", "yo", "en", "los", "las"}
ENGLISH_WORDS = {"the", "and", "you", "is", "my", "to", "of"}


def test_demo_boards_come_in_order_with_guidelines():
    output = run_demo()

    assert "forums, boards: 8 created, 0 already there" in output
    boards = list(Board.objects.order_by("position"))
    assert [board.slug for board in boards] == BOARD_SLUGS
    assert len({board.position for board in boards}) == len(boards)
    for board in boards:
        assert board.guidelines.startswith("- ")
        assert board.description
        assert board.thread_count >= 2
        assert not board.is_archived
    assert Board.objects.get(slug="cravings-and-hard-days").name == "Cravings and hard days"


def test_demo_has_a_spanish_board_written_in_spanish():
    run_demo()

    board = Board.objects.get(slug="en-espanol")
    assert board.language == "es"
    titles = list(board.threads.values_list("title", flat=True))
    assert "Hola a todos, soy nueva aquí" in titles
    posts = list(Post.objects.filter(thread__board=board))
    assert len(posts) >= 10
    for post in posts:
        words = set(re.findall(r"\w+", post.body.lower()))
        assert words & SPANISH_WORDS, post.body
        assert not words & ENGLISH_WORDS, post.body
    spanish_readers = [post.author for post in posts if post.author is not None]
    assert all("es" in person.languages for person in spanish_readers)
    assert any("escribió:" in post.body for post in posts), "quotes are in Spanish too"


def test_demo_anonymous_board_hides_the_handle_from_other_members():
    run_demo()

    board = Board.objects.get(slug="say-it-anonymously")
    assert board.allows_anonymous
    anonymous = Post.objects.filter(thread__board=board, is_anonymous=True)
    assert anonymous.count() >= 4
    assert anonymous.filter(is_opening=True).count() == 2
    assert all(post.author is not None for post in anonymous), "moderators can still act"
    assert not Post.objects.filter(is_anonymous=True).exclude(thread__board=board).exists()
    reader = User.objects.get(handle="demo-member")
    for thread_row in queries.board_threads(reader, board).rows:
        assert thread_row.author == "a member"


def test_demo_group_board_belongs_to_a_demo_group_and_only_its_members_post():
    run_demo()

    board = Board.objects.get(slug="night-owls-members")
    group = Group.objects.get(slug="night-owls-online")
    assert board.group_id == group.pk
    assert group.name in board.name
    members = set(
        GroupMembership.objects.filter(group=group, status=MembershipStatus.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    authors = set(Post.objects.filter(thread__board=board).values_list("author_id", flat=True))
    assert len(authors) >= 3
    assert authors <= members
    outsider = User.objects.get(handle="demo-member")
    assert outsider.pk not in members
    assert board not in permissions.visible_boards(outsider)
    insider = User.objects.filter(pk__in=authors, role=Role.MEMBER).first()
    assert board in permissions.visible_boards(insider)
    assert board.threads.filter(is_pinned=True).count() == 1


def test_demo_threads_have_replies_reactions_follows_and_moderation():
    run_demo()

    threads = Thread.objects.all()
    assert threads.count() >= 24
    assert not threads.filter(reply_count=0).exists()
    assert Post.objects.count() >= 90
    assert Post.objects.values("author").distinct().count() >= 20
    assert {kind for kind in Reaction.objects.values_list("kind", flat=True)} == set(
        ReactionKind.values
    )
    assert Reaction.objects.count() >= 200
    welcome = Thread.objects.get(board__slug="welcome", is_pinned=True)
    assert welcome.title == "Welcome to the forums: start here"
    assert "988" in welcome.posts.get(is_opening=True).body
    locked = Thread.objects.get(is_locked=True)
    assert locked.last_post_at < timezone.now() - timedelta(days=30)
    assert Post.objects.filter(content_note="mentions relapse details").count() == 1
    assert Post.objects.filter(body__startswith="> ").count() >= 8
    assert PostRevision.objects.count() == 1
    assert Post.objects.filter(body__contains="@demo-member").exists()
    member = User.objects.get(handle="demo-member")
    assert Follow.objects.filter(user=member, thread__isnull=False).count() >= 4
    assert Follow.objects.filter(user=member, board__isnull=False).count() == 2


def test_demo_posts_are_spread_over_weeks_and_counters_add_up():
    run_demo()
    now = timezone.now()

    times = list(Post.objects.values_list("created_at", flat=True))
    assert min(times) < now - timedelta(days=60)
    assert max(times) < now
    assert len({time.date() for time in times}) >= 25
    for thread in Thread.objects.all():
        posts = list(thread.posts.order_by("id"))
        assert [post.created_at for post in posts] == sorted(post.created_at for post in posts)
        assert thread.created_at == posts[0].created_at
        assert thread.last_post_at == posts[-1].created_at
        assert thread.last_post_id == posts[-1].pk
        assert thread.reply_count == len(posts) - 1
    for board in Board.objects.all():
        assert board.post_count == Post.objects.filter(thread__board=board).count()
        assert board.last_post_at == board.threads.aggregate(last=Max("last_post_at"))["last"]


def test_demo_member_has_unread_and_new_posts_since_her_last_visit():
    run_demo()

    member = User.objects.get(handle="demo-member")
    board = Board.objects.get(slug="cravings-and-hard-days")
    assert BoardVisit.objects.filter(user=member).count() == 7
    assert ThreadRead.objects.filter(user=member).exists()
    rows = queries.latest_threads(member).rows
    assert any(row.is_unread for row in rows)
    assert any(not row.is_unread for row in rows)
    visit = BoardVisit.objects.get(user=member, board=board)
    rows = queries.board_threads(member, board, since=visit.visited_at).rows
    assert any(row.is_new for row in rows)
    assert any(not row.is_new for row in rows)


def test_demo_posts_pass_screening_and_content_rules_so_nothing_waits():
    run_demo()

    assert not Post.objects.filter(is_held=True).exists()
    assert not Thread.objects.filter(is_held=True).exists()
    assert not Assessment.objects.filter(source_kind="forums.post").exists()
    assert not ModerationCase.objects.filter(source_kind="forums.post").exists()
    assert not Alert.objects.filter(source_kind="forums.post").exists()
    linked = Post.objects.filter(body__contains="https://")
    assert list(linked.values_list("author__handle", flat=True)) == ["demo-coordinator"]


def test_demo_run_twice_changes_nothing(assert_unchanged):
    run_demo()

    with assert_unchanged(
        Board,
        Thread,
        Post,
        PostRevision,
        Reaction,
        Follow,
        ThreadRead,
        BoardVisit,
        audit_model(),
    ):
        output = run_demo()

    assert "forums, boards: 0 created, 8 already there" in output
    assert "forums, threads: 0 created" in output
    assert "Nothing changed" in output


def test_builder_leaves_the_shared_generator_alone_and_needs_the_demo_people():
    rng = random.Random(2026)  # noqa: S311  # test data
    state = rng.getstate()

    result = build_demo_forums(rng)

    assert rng.getstate() == state
    assert not result.changed_anything
    assert not Board.objects.exists()
