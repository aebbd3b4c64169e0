"""The forums API over HTTP: every endpoint, who may call it, refusals and query counts."""

from __future__ import annotations

import json
from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kinship.accounts import actions as account_actions
from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.directory.models import MembershipRole
from kinship.directory.tests.factories import join_group, make_group
from kinship.forums import actions
from kinship.forums.models import (
    Board,
    Follow,
    HeldReason,
    IdempotencyKey,
    Post,
    Reaction,
    Thread,
    ThreadRead,
)
from kinship.forums.tests.factories import make_board, make_reply, make_thread, trusted_member
from kinship.privacy.models import AuditEntry
from kinship.safety.models import Flag
from kinship.safety.models.moderation import Suspension

pytestmark = pytest.mark.django_db

API = "/api/v1/forums"
RISKY = "I have the pills saved up and I am going to take them all tonight."
PHONE = "Text me any time at 312-555-0147, happy to talk."
READERS = {"member", "facilitator", "moderator", "coordinator", "admin"}
MODERATORS = {"facilitator", "moderator", "coordinator", "admin"}


_tokens = count()


def api_client(user: User | None) -> Client:
    if user is None:
        return Client()
    _token, secret = account_actions.create_token(user=user, name=f"forum tests {next(_tokens)}")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def send(client: Client, method: str, path: str, body: Any = None, **headers: str) -> Any:
    if method == "get":
        return client.get(f"{API}{path}", headers=headers)
    data = body if isinstance(body, str | bytes) else json.dumps(body or {})
    call = getattr(client, method)
    return call(f"{API}{path}", data, content_type="application/json", headers=headers)


@pytest.fixture
def board() -> Board:
    return make_board(slug="early-days", name="Early days", guidelines="Be **kind**.")


@pytest.fixture
def group_board(role_matrix: Any) -> Board:
    """A group's board: `member` belongs to the group and `facilitator` runs it."""
    group = make_group(name="Riverside circle")
    join_group(role_matrix.member, group)
    join_group(role_matrix.facilitator, group, role=MembershipRole.FACILITATOR)
    return make_board(slug="riverside", name="Riverside", group_id=group.pk)


# Signed in only ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/boards"),
        ("get", "/threads"),
        ("get", "/boards/early-days/threads"),
        ("get", "/threads/1"),
        ("post", "/boards/early-days/threads"),
        ("post", "/threads/1/posts"),
        ("patch", "/posts/1"),
        ("delete", "/posts/1"),
        ("put", "/posts/1/reactions/me_too"),
        ("delete", "/posts/1/reactions/me_too"),
        ("post", "/posts/1/flags"),
        ("put", "/threads/1/follow"),
        ("delete", "/threads/1/follow"),
        ("put", "/boards/early-days/follow"),
        ("delete", "/boards/early-days/follow"),
        ("post", "/threads/1/moderation"),
    ],
)
def test_every_endpoint_needs_a_signed_in_member(method, path, board):
    response = send(Client(), method, path, {})
    assert response.status_code == 401


def test_the_web_session_works_as_well_as_a_token(board):
    client = Client()
    client.force_login(make_user())
    response = client.get(f"{API}/boards")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()] == ["early-days"]


# Reading ----------------------------------------------------------------------------------


def test_boards_list_what_the_member_may_read(role_matrix, board, group_board):
    make_board(slug="old", is_archived=True)
    make_thread(board=board, author=trusted_member())
    member = role_matrix.member
    actions.follow_board(member=member, board=board)

    response = api_client(member).get(f"{API}/boards")

    assert response.status_code == 200
    rows = {row["slug"]: row for row in response.json()}
    assert list(rows) == ["early-days", "riverside"]
    early = rows["early-days"]
    assert early["guidelines_html"] == "<p>Be <strong>kind</strong>.</p>\n"
    assert early["group"] is None
    assert (early["thread_count"], early["post_count"]) == (1, 1)
    assert early["last_post_at"] is not None
    assert early["is_following"] is True
    assert early["has_new"] is True
    assert early["url"] == "/forums/b/early-days/"
    assert rows["riverside"]["group"]["name"] == "Riverside circle"
    assert rows["riverside"]["has_new"] is False
    other = api_client(role_matrix.other_member).get(f"{API}/boards").json()
    assert [row["slug"] for row in other] == ["early-days"]


def test_board_threads_are_pinned_first_and_paged(board):
    author = trusted_member()
    threads = [make_thread(board=board, author=author, title=f"Day {n}") for n in range(26)]
    actions.set_pinned(actor=make_user(role=Role.MODERATOR), thread=threads[0], is_pinned=True)
    client = api_client(make_user())

    first = client.get(f"{API}/boards/early-days/threads").json()
    second = client.get(f"{API}/boards/early-days/threads", {"page": 2}).json()

    assert (first["page"], first["has_next"], len(first["items"])) == (1, True, 25)
    item = first["items"][0]
    assert item["id"] == threads[0].pk
    assert item["is_pinned"] is True
    assert item["board"] == "early-days"
    assert item["author"] == author.handle
    assert item["is_unread"] is True
    assert item["url"] == f"/forums/t/{threads[0].pk}/"
    assert first["items"][1]["title"] == "Day 25"
    assert (second["has_next"], len(second["items"])) == (False, 1)


def test_latest_threads_cross_boards_newest_first(board):
    other_board = make_board(slug="evenings")
    author = trusted_member()
    older = make_thread(board=board, author=author, title="Older")
    newer = make_thread(board=other_board, author=author, title="Newer")
    make_reply(thread=older, author=author)

    items = api_client(make_user()).get(f"{API}/threads").json()["items"]

    assert [(item["id"], item["board"]) for item in items] == [
        (older.pk, "early-days"),
        (newer.pk, "evenings"),
    ]
    assert items[0]["reply_count"] == 1


def test_thread_shows_a_page_of_posts_and_marks_them_read(board):
    author = trusted_member(handle="oak")
    reader = make_user(handle="fern")
    thread = make_thread(board=board, author=author, title="Six months", body="I **made** it.")
    opening = thread.posts.get()
    replies = [make_reply(thread=thread, author=author, body=f"reply {n}") for n in range(20)]
    mine = make_reply(thread=thread, author=reader, body="So proud of you.")
    actions.react(member=reader, post=opening, kind="strength")
    actions.react(member=make_user(), post=opening, kind="strength")
    client = api_client(reader)

    first = client.get(f"{API}/threads/{thread.pk}")
    assert first.status_code == 200
    answer = first.json()
    assert (answer["title"], answer["author"], answer["board"]) == ("Six months", "oak", board.slug)
    assert (answer["page"], answer["page_count"], answer["has_next"]) == (1, 2, True)
    assert answer["can_reply"] is True
    assert answer["can_moderate"] is False
    assert answer["is_following"] is True  # replying follows
    assert len(answer["posts"]) == 20
    post = answer["posts"][0]
    assert post["id"] == opening.pk
    assert post["body"] == "I **made** it."
    assert post["body_html"] == "<p>I <strong>made</strong> it.</p>\n"
    assert post["is_mine"] is False
    assert post["is_unread"] is True
    assert post["url"] == f"/forums/p/{opening.pk}/"
    strength = next(item for item in post["reactions"] if item["kind"] == "strength")
    assert strength == {
        "kind": "strength",
        "label": "Sending strength",
        "count": 2,
        "is_mine": True,
    }
    assert ThreadRead.objects.get(user=reader, thread=thread).last_read_post_id == replies[18].pk

    second = client.get(f"{API}/threads/{thread.pk}", {"page": 2}).json()
    assert [post["id"] for post in second["posts"]] == [replies[19].pk, mine.pk]
    assert second["posts"][1]["is_mine"] is True
    assert ThreadRead.objects.get(user=reader, thread=thread).last_read_post_id == mine.pk
    again = client.get(f"{API}/threads/{thread.pk}").json()
    assert again["posts"][0]["is_unread"] is False


def test_unknown_thread_board_and_page_beyond_limits(board):
    client = api_client(make_user())
    assert client.get(f"{API}/threads/999999").status_code == 404
    assert client.get(f"{API}/boards/nowhere/threads").status_code == 404
    assert client.get(f"{API}/threads", {"page": 0}).status_code == 422
    assert client.get(f"{API}/threads", {"page": "two"}).status_code == 422
    # Where nothing can be posted, the answer is 404 whatever the text.
    missing = send(client, "post", "/boards/nowhere/threads", {"title": "\u200b", "body": "x"})
    assert missing.status_code == 404


# Who may read and post in a group's board --------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", *sorted(READERS), "other_member", "peer_supporter"])
def test_group_board_matrix_for_reading(role, role_matrix, group_board):
    thread = make_thread(board=group_board, author=role_matrix.member, title="Circle notes")
    client = api_client(role_matrix[role])
    expected = 401 if role == "anonymous" else 200 if role in READERS else 404

    assert client.get(f"{API}/boards/riverside/threads").status_code == expected
    assert client.get(f"{API}/threads/{thread.pk}").status_code == expected
    if role == "anonymous":
        return
    latest = [item["id"] for item in client.get(f"{API}/threads").json()["items"]]
    boards = [item["slug"] for item in client.get(f"{API}/boards").json()]
    assert (thread.pk in latest) is (role in READERS)
    assert ("riverside" in boards) is (role in READERS)


@pytest.mark.parametrize("role", ["anonymous", *sorted(READERS), "other_member", "peer_supporter"])
def test_group_board_matrix_for_posting(role, role_matrix, group_board, assert_unchanged):
    thread = make_thread(board=group_board, author=role_matrix.member, title="Circle notes")
    client = api_client(role_matrix[role])
    reply_body = {"body": "Glad to be here."}
    thread_body = {"title": "Hello", "body": "First time posting."}

    if role in READERS:
        assert send(client, "post", f"/threads/{thread.pk}/posts", reply_body).status_code == 201
        assert send(client, "post", "/boards/riverside/threads", thread_body).status_code == 201
        return
    with assert_unchanged(Post, Thread, Follow, IdempotencyKey):
        replied = send(client, "post", f"/threads/{thread.pk}/posts", reply_body)
        started = send(client, "post", "/boards/riverside/threads", thread_body)
    expected = 401 if role == "anonymous" else 404
    assert (replied.status_code, started.status_code) == (expected, expected)


def test_leaving_the_group_closes_its_board(role_matrix, group_board):
    from kinship.directory.models import GroupMembership, MembershipStatus
    from kinship.forums.permissions import forget_viewer

    member = role_matrix.member
    thread = make_thread(board=group_board, author=role_matrix.facilitator)
    client = api_client(member)
    assert client.get(f"{API}/threads/{thread.pk}").status_code == 200
    GroupMembership.objects.filter(user=member).update(status=MembershipStatus.LEFT)
    forget_viewer(member)
    assert client.get(f"{API}/threads/{thread.pk}").status_code == 404


# Posting ----------------------------------------------------------------------------------


def test_start_thread_answers_201_with_the_post_and_screening(board):
    member = make_user(handle="willow")
    response = send(
        api_client(member),
        "post",
        "/boards/early-days/threads",
        {"title": "  Six months   today ", "body": "I **made** it.", "content_note": "milestone"},
    )

    assert response.status_code == 201
    answer = response.json()
    thread = Thread.objects.get()
    post = thread.posts.get()
    assert answer["thread"] == {
        "id": thread.pk,
        "board": "early-days",
        "title": "Six months today",
        "url": f"/forums/t/{thread.pk}/",
    }
    assert answer["post"]["id"] == post.pk
    assert answer["post"]["author"] == "willow"
    assert answer["post"]["is_mine"] is True
    assert answer["post"]["content_note"] == "milestone"
    assert answer["post"]["body_html"] == "<p>I <strong>made</strong> it.</p>\n"
    assert answer["screening"] == {
        "level": "none",
        "show_help": False,
        "help": [],
        "held": False,
        "notes": [],
    }


def test_reply_answers_201_and_follows_the_thread(board):
    thread = make_thread(board=board, author=trusted_member())
    member = make_user(handle="birch")

    response = send(api_client(member), "post", f"/threads/{thread.pk}/posts", {"body": "Me too."})

    assert response.status_code == 201
    post = Post.objects.get(pk=response.json()["post"]["id"])
    assert (post.thread_id, post.author_id, post.body) == (thread.pk, member.pk, "Me too.")
    assert response.json()["post"]["reactions"][0] == {
        "kind": "me_too",
        "label": "Me too",
        "count": 0,
        "is_mine": False,
    }
    assert Follow.objects.filter(user=member, thread=thread).exists()


@pytest.mark.parametrize("where", ["header", "body"])
def test_a_retried_post_with_the_same_key_makes_one_post(where, board):
    client = api_client(make_user())
    thread_body: dict[str, Any] = {"title": "Hello", "body": "First"}
    headers = {"Idempotency-Key": "start-1"} if where == "header" else {}
    if where == "body":
        thread_body["idempotency_key"] = "start-1"

    first = send(client, "post", "/boards/early-days/threads", thread_body, **headers)
    again = send(client, "post", "/boards/early-days/threads", thread_body, **headers)

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["post"]["id"] == first.json()["post"]["id"]
    assert Thread.objects.count() == 1
    thread_id = first.json()["thread"]["id"]
    reply_one = send(
        client,
        "post",
        f"/threads/{thread_id}/posts",
        {"body": "x"},
        **{"Idempotency-Key": "reply-1"},
    )
    reply_two = send(
        client,
        "post",
        f"/threads/{thread_id}/posts",
        {"body": "x"},
        **{"Idempotency-Key": "reply-1"},
    )
    assert (reply_one.status_code, reply_two.status_code) == (201, 200)
    assert reply_one.json()["post"]["id"] == reply_two.json()["post"]["id"]
    assert Post.objects.count() == 2


def test_header_and_body_keys_must_agree(board, assert_unchanged):
    client = api_client(make_user())
    with assert_unchanged(Post, Thread):
        response = send(
            client,
            "post",
            "/boards/early-days/threads",
            {"title": "Hello", "body": "First", "idempotency_key": "a"},
            **{"Idempotency-Key": "b"},
        )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "idempotency_key_mismatch"


def test_anonymous_posts_never_show_the_handle_to_others(role_matrix):
    make_board(slug="anon", allows_anonymous=True)
    author = make_user(handle="quietwillow")
    client = api_client(author)
    started = send(
        client,
        "post",
        "/boards/anon/threads",
        {"title": "Hard week", "body": "Relapsed.", "anonymous": True},
    )
    assert started.status_code == 201
    thread_id = started.json()["thread"]["id"]
    assert started.json()["post"]["author"] == "you, anonymously"
    replied = send(
        client, "post", f"/threads/{thread_id}/posts", {"body": "Still here.", "anonymous": True}
    )
    assert replied.status_code == 201
    assert Post.objects.filter(author=author, is_anonymous=True).count() == 2

    for role in ("other_member", "moderator", "admin"):
        reader = api_client(role_matrix[role])
        pages = [
            reader.get(f"{API}/threads/{thread_id}"),
            reader.get(f"{API}/threads"),
            reader.get(f"{API}/boards/anon/threads"),
        ]
        for page in pages:
            assert page.status_code == 200
            assert "quietwillow" not in page.content.decode()
        detail = pages[0].json()
        assert detail["author"] == "a member"
        assert {post["author"] for post in detail["posts"]} == {"a member"}
        assert not any(post["is_mine"] for post in detail["posts"])
    reacted = api_client(role_matrix.other_member).put(
        f"{API}/posts/{started.json()['post']['id']}/reactions/strength"
    )
    assert reacted.status_code == 200
    assert "quietwillow" not in reacted.content.decode()
    own = client.get(f"{API}/threads/{thread_id}").json()
    assert own["author"] == "you, anonymously"


def test_anonymous_post_where_the_board_does_not_allow_it(board, assert_unchanged):
    with assert_unchanged(Post, Thread):
        response = send(
            api_client(make_user()),
            "post",
            "/boards/early-days/threads",
            {"title": "Hi", "body": "Hello", "anonymous": True},
        )
    assert response.status_code == 422
    assert response.json()["code"] == "anonymous_not_allowed"
    assert response.json()["detail"][0]["loc"][-1] == "anonymous"


def test_reply_to_a_locked_thread_is_409_and_saves_nothing(board, assert_unchanged):
    thread = make_thread(board=board, author=trusted_member())
    actions.set_locked(actor=make_user(role=Role.MODERATOR), thread=thread, is_locked=True)
    client = api_client(make_user())

    with assert_unchanged(Post, Thread, Follow, IdempotencyKey, ThreadRead, AuditEntry):
        response = send(
            client,
            "post",
            f"/threads/{thread.pk}/posts",
            {"body": "hello"},
            **{"Idempotency-Key": "locked-1"},
        )

    assert response.status_code == 409
    assert response.json()["code"] == "thread_locked"
    assert "locked" in response.json()["detail"]


def test_reply_to_a_deleted_thread_is_410_and_saves_nothing(board, assert_unchanged):
    author = trusted_member()
    thread = make_thread(board=board, author=author)
    actions.delete_post(actor=author, post=thread.posts.get())
    moderator_client = api_client(make_user(role=Role.MODERATOR))

    with assert_unchanged(Post, Thread, Follow, IdempotencyKey, AuditEntry):
        response = send(moderator_client, "post", f"/threads/{thread.pk}/posts", {"body": "hello"})

    assert response.status_code == 410
    assert response.json()["code"] == "thread_deleted"
    assert "deleted" in response.json()["detail"]
    # A member who could read the thread is told it was deleted too; reading it is 404.
    member_client = api_client(make_user())
    gone = send(member_client, "post", f"/threads/{thread.pk}/posts", {"body": "hi"})
    assert gone.status_code == 410
    assert send(member_client, "get", f"/threads/{thread.pk}").status_code == 404


def test_posting_limit_is_429_with_retry_after(board, settings, assert_unchanged):
    settings.KINSHIP_FORUMS_POSTS_PER_10_MINUTES = 2  # a new account gets half: one
    thread = make_thread(board=board, author=trusted_member())
    client = api_client(make_user())
    assert send(client, "post", f"/threads/{thread.pk}/posts", {"body": "one"}).status_code == 201

    with assert_unchanged(Post, Thread):
        response = send(client, "post", f"/threads/{thread.pk}/posts", {"body": "two"})

    assert response.status_code == 429
    answer = response.json()
    assert answer["code"] == "rate_limited"
    assert "10 minutes" in answer["detail"]
    assert answer["retry_after"] > 0
    assert response["Retry-After"] == str(answer["retry_after"])


def test_content_rules_explain_then_a_resend_goes_to_a_moderator(board, assert_unchanged):
    client = api_client(trusted_member())
    body = {"title": "Reach out", "body": PHONE}

    with assert_unchanged(Post, Thread):
        refused = send(client, "post", "/boards/early-days/threads", body)

    assert refused.status_code == 422
    answer = refused.json()
    assert answer["code"] == "content_rules"
    assert "send_to_moderator" in answer["hint"]
    assert answer["detail"][0]["type"] == "content_rules"
    assert answer["detail"][0]["rule"] == "phone_number"
    assert answer["detail"][0]["msg"]

    sent = send(client, "post", "/boards/early-days/threads", {**body, "send_to_moderator": True})

    assert sent.status_code == 201
    assert sent.json()["screening"]["held"] is True
    assert sent.json()["screening"]["notes"]
    assert sent.json()["post"]["is_held"] is True
    post = Post.objects.get(pk=sent.json()["post"]["id"])
    assert (post.is_held, post.held_reason) == (True, HeldReason.CONTENT_RULE)


def test_a_risky_post_shows_help_and_waits_for_a_moderator(board):
    response = send(
        api_client(make_user()),
        "post",
        "/boards/early-days/threads",
        {"title": "tonight", "body": RISKY},
    )

    assert response.status_code == 201
    screening = response.json()["screening"]
    assert screening["level"] == "imminent"
    assert screening["show_help"] is True
    assert screening["held"] is True
    assert screening["notes"]
    assert screening["help"][0]["href"] == "tel:911"  # imminent: emergency first
    assert any(item["href"] == "tel:988" for item in screening["help"])
    assert Post.objects.get().is_held
    listed = api_client(make_user()).get(f"{API}/threads").json()["items"]
    assert listed == []


def test_a_suspended_member_is_told_plainly(board, assert_unchanged):
    member = make_user()
    Suspension.objects.create(member=member, starts_at=timezone.now() - timedelta(hours=1))
    with assert_unchanged(Post, Thread):
        response = send(
            api_client(member), "post", "/boards/early-days/threads", {"title": "Hi", "body": "Hey"}
        )
    assert response.status_code == 403
    assert "paused your posting" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "Long", "body": "x" * 20_001}, 422, "body"),
        ({"title": "   ", "body": "Hello"}, 422, "title"),
        ({"title": "\u200b", "body": "Hello"}, 422, "title"),
        ({"title": "Hi", "body": "   "}, 422, "body"),
        ({"title": "Hi", "body": "Hello", "content_note": "\u200b\u200b"}, 422, "content_note"),
        ('{"title": "Hi", "body": "broken \\ud800 text"}', 422, "body"),
        ('{"title": "Hi", "body": "nul \\u0000 text"}', 422, "body"),
        ({"title": "Hi", "body": "Hello", "anonymous": "yes"}, 422, "anonymous"),
        ({"title": "Hi", "body": 5}, 422, "body"),
        ({"title": "Hi", "body": "Hello", "anonymus": True}, 422, "anonymus"),
        ({"title": "Hi"}, 422, "body"),
        ('{"title": "Hi", "body": ', 400, None),
        (b'{"title": "Hi", "body": "\xff\xfe"}', 400, None),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(body, status, field, board, assert_unchanged):
    client = api_client(make_user())
    with assert_unchanged(Post, Thread, AuditEntry):
        response = send(client, "post", "/boards/early-days/threads", body)
    assert response.status_code == status
    if field is not None:
        assert field in [problem["loc"][-1] for problem in response.json()["detail"]]


def test_bad_replies_and_edits_are_refused_and_save_nothing(board, assert_unchanged):
    author = make_user()
    thread = make_thread(board=board, author=author)
    post = thread.posts.get()
    client = api_client(author)
    with assert_unchanged(Post, Thread, AuditEntry):
        too_long = send(client, "post", f"/threads/{thread.pk}/posts", {"body": "x" * 20_001})
        broken = send(
            client, "patch", f"/posts/{post.pk}", '{"body": "ok", "content_note": "bad \\ud800"}'
        )
        nul = send(client, "patch", f"/posts/{post.pk}", {"body": "ok", "content_note": "a\x00b"})
        blank_title = send(client, "patch", f"/posts/{post.pk}", {"body": "ok", "title": "\u200b"})
    assert (too_long.status_code, broken.status_code, blank_title.status_code) == (422, 422, 422)
    assert broken.json()["detail"][0]["type"] == "string_unicode"
    assert nul.status_code == 422
    assert nul.json()["detail"][0]["type"] == "nul_character"
    assert blank_title.json()["detail"][0]["loc"][-1] == "title"


# Editing and deleting ---------------------------------------------------------------------


def test_author_edits_a_post_and_the_title(board):
    author = make_user()
    thread = make_thread(board=board, author=author, title="Old title", body="Old words")
    post = thread.posts.get()

    response = send(
        api_client(author),
        "patch",
        f"/posts/{post.pk}",
        {"body": "New *words*", "title": "New title", "content_note": "update"},
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["post"]["body_html"] == "<p>New <em>words</em></p>\n"
    assert answer["post"]["edited_at"] is not None
    assert answer["thread"]["title"] == "New title"
    post.refresh_from_db()
    assert (post.body, post.content_note, post.edit_count) == ("New *words*", "update", 1)


def test_a_risky_edit_shows_help(board):
    author = make_user()
    post = make_thread(board=board, author=author).posts.get()
    response = send(api_client(author), "patch", f"/posts/{post.pk}", {"body": RISKY})
    assert response.status_code == 200
    assert response.json()["screening"]["show_help"] is True
    assert response.json()["screening"]["held"] is True


def test_only_the_author_edits(board, assert_unchanged):
    post = make_thread(board=board, author=make_user()).posts.get()
    with assert_unchanged(Post, Thread):
        response = send(api_client(make_user()), "patch", f"/posts/{post.pk}", {"body": "mine"})
    assert response.status_code == 403
    assert response.json()["detail"] == "You can edit only what you wrote."


def test_author_deletes_a_reply_and_others_no_longer_see_it(board):
    thread = make_thread(board=board, author=trusted_member())
    author = make_user()
    reply = make_reply(thread=thread, author=author)

    response = api_client(author).delete(f"{API}/posts/{reply.pk}")

    assert response.status_code == 204
    reply.refresh_from_db()
    assert reply.is_deleted
    posts = api_client(make_user()).get(f"{API}/threads/{thread.pk}").json()["posts"]
    assert [post["id"] for post in posts] == [thread.posts.get(is_opening=True).pk]


def test_members_cannot_delete_others_posts(board, assert_unchanged):
    post = make_thread(board=board, author=make_user()).posts.get()
    with assert_unchanged(Post, Thread):
        response = api_client(make_user()).delete(f"{API}/posts/{post.pk}")
    assert response.status_code == 403


# Reactions, flags, follows ----------------------------------------------------------------


def test_reactions_once_each_and_taken_back(board):
    post = make_thread(board=board, author=trusted_member()).posts.get()
    client = api_client(make_user())

    first = client.put(f"{API}/posts/{post.pk}/reactions/me_too")
    again = client.put(f"{API}/posts/{post.pk}/reactions/me_too")

    assert (first.status_code, again.status_code) == (200, 200)
    me_too = next(item for item in again.json()["reactions"] if item["kind"] == "me_too")
    assert (me_too["count"], me_too["is_mine"]) == (1, True)
    assert Reaction.objects.filter(post=post).count() == 1
    taken_back = client.delete(f"{API}/posts/{post.pk}/reactions/me_too")
    assert taken_back.status_code == 200
    assert all(item["count"] == 0 for item in taken_back.json()["reactions"])
    assert not Reaction.objects.exists()


def test_unknown_reaction_is_422(board, assert_unchanged):
    post = make_thread(board=board, author=trusted_member()).posts.get()
    with assert_unchanged(Reaction):
        response = api_client(make_user()).put(f"{API}/posts/{post.pk}/reactions/downvote")
    assert response.status_code == 422


def test_a_member_flags_a_post(board):
    post = make_thread(board=board, author=trusted_member()).posts.get()
    client = api_client(make_user())

    response = send(client, "post", f"/posts/{post.pk}/flags", {"reason": "spam", "note": "ads"})

    assert response.status_code == 201
    assert "will not know who told us" in response.json()["message"]
    flag = Flag.objects.get()
    assert (flag.reason, flag.note, flag.case.source_id) == ("spam", "ads", str(post.pk))
    at_risk = send(client, "post", f"/posts/{post.pk}/flags", {"reason": "at_risk"})
    assert "988" in at_risk.json()["message"]
    bad = send(client, "post", f"/posts/{post.pk}/flags", {"reason": "dislike"})
    assert bad.status_code == 422


def test_flagging_your_own_post_is_refused(board, assert_unchanged):
    author = make_user()
    post = make_thread(board=board, author=author).posts.get()
    with assert_unchanged(Flag):
        response = send(api_client(author), "post", f"/posts/{post.pk}/flags", {"reason": "spam"})
    assert response.status_code == 403


def test_follow_and_unfollow_a_thread_and_a_board(board):
    thread = make_thread(board=board, author=trusted_member())
    member = make_user()
    client = api_client(member)

    assert client.put(f"{API}/threads/{thread.pk}/follow").json() == {"is_following": True}
    assert client.put(f"{API}/boards/early-days/follow").json() == {"is_following": True}
    assert Follow.objects.filter(user=member).count() == 2
    assert client.get(f"{API}/threads/{thread.pk}").json()["is_following"] is True
    assert client.delete(f"{API}/threads/{thread.pk}/follow").json() == {"is_following": False}
    assert client.delete(f"{API}/boards/early-days/follow").json() == {"is_following": False}
    assert not Follow.objects.filter(user=member).exists()


# Moderation -------------------------------------------------------------------------------


def test_a_moderator_pins_locks_and_moves_a_thread(board):
    thread = make_thread(board=board, author=trusted_member())
    make_board(slug="evenings")
    client = api_client(make_user(role=Role.MODERATOR))

    response = send(
        client,
        "post",
        f"/threads/{thread.pk}/moderation",
        {"pinned": True, "locked": True, "move_to_board": "evenings"},
    )

    assert response.status_code == 200
    answer = response.json()
    assert (answer["is_pinned"], answer["is_locked"], answer["board"]) == (True, True, "evenings")
    thread.refresh_from_db()
    assert (thread.is_pinned, thread.is_locked, thread.board.slug) == (True, True, "evenings")


def test_a_refused_move_changes_nothing_else(board, assert_unchanged):
    thread = make_thread(board=board, author=trusted_member())
    client = api_client(make_user(role=Role.MODERATOR))
    with assert_unchanged(Thread, AuditEntry):
        response = send(
            client,
            "post",
            f"/threads/{thread.pk}/moderation",
            {"pinned": True, "move_to_board": "nowhere"},
        )
    assert response.status_code == 422
    assert response.json()["code"] == "no_such_board"
    assert response.json()["detail"][0]["loc"][-1] == "move_to_board"


@pytest.mark.parametrize("role", ["anonymous", *sorted(READERS), "other_member", "peer_supporter"])
def test_group_board_matrix_for_moderation(role, role_matrix, group_board, assert_unchanged):
    thread = make_thread(board=group_board, author=role_matrix.member)
    client = api_client(role_matrix[role])
    path = f"/threads/{thread.pk}/moderation"

    if role in MODERATORS:
        response = send(client, "post", path, {"pinned": True, "locked": True})
        assert response.status_code == 200
        thread.refresh_from_db()
        assert (thread.is_pinned, thread.is_locked) == (True, True)
        return
    with assert_unchanged(Thread, AuditEntry):
        response = send(client, "post", path, {"pinned": True, "locked": True})
    expected = {"anonymous": 401, "member": 403}.get(role, 404)
    assert response.status_code == expected
    if expected == 403:
        assert response.json()["detail"] == "Only this board's moderators can do that."


# Query counts -----------------------------------------------------------------------------


def _count(client: Client, path: str, assert_queries_at_most: Any) -> int:
    with assert_queries_at_most(8) as captured:
        response = client.get(f"{API}{path}")
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def reader_client() -> Client:
    client = api_client(make_user())
    client.get(f"{API}/boards")  # the token's first use is written once
    return client


def test_thread_page_queries_do_not_grow_with_posts(board, reader_client, assert_queries_at_most):
    author, other = trusted_member(), trusted_member()
    short = make_thread(board=board, author=author)
    long = make_thread(board=board, author=author)
    for number in range(19):
        reply = make_reply(thread=long, author=other if number % 2 else author, body=f"r{number}")
        actions.react(member=author, post=reply, kind="thanks")

    one_post = _count(reader_client, f"/threads/{short.pk}", assert_queries_at_most)
    twenty_posts = _count(reader_client, f"/threads/{long.pk}", assert_queries_at_most)

    assert len(reader_client.get(f"{API}/threads/{long.pk}").json()["posts"]) == 20
    assert one_post == twenty_posts


def test_thread_list_queries_do_not_grow_with_threads(board, reader_client, assert_queries_at_most):
    authors = [trusted_member() for _ in range(3)]
    make_thread(board=board, author=authors[0])
    one = [
        _count(reader_client, "/threads", assert_queries_at_most),
        _count(reader_client, "/boards/early-days/threads", assert_queries_at_most),
    ]
    for number in range(24):
        make_thread(board=board, author=authors[number % 3], title=f"Thread {number}")
    many = [
        _count(reader_client, "/threads", assert_queries_at_most),
        _count(reader_client, "/boards/early-days/threads", assert_queries_at_most),
    ]

    assert len(reader_client.get(f"{API}/threads").json()["items"]) == 25
    assert one == many


def test_board_list_queries_do_not_grow_with_boards(
    role_matrix, group_board, assert_queries_at_most
):
    client = api_client(role_matrix.member)
    client.get(f"{API}/boards")
    one = _count(client, "/boards", assert_queries_at_most)
    for number in range(10):
        group = make_group()
        join_group(role_matrix.member, group)
        make_board(slug=f"circle-{number}", group_id=group.pk, guidelines="Be *gentle*.")
    many = _count(client, "/boards", assert_queries_at_most)

    assert len(client.get(f"{API}/boards").json()) == 11
    assert one == many
