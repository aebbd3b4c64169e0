"""Live replies over the websocket, and who is told about a post (in-app and by e-mail)."""

from __future__ import annotations

from email.header import decode_header, make_header
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.directory.models import Group, GroupMembership
from kinship.forums import actions, notices
from kinship.forums.consumers import ThreadConsumer
from kinship.forums.tests.factories import make_board, make_reply, make_thread, trusted_member
from kinship.notifications.actions import set_email_preference
from kinship.notifications.models import Notification
from kinship.safety.actions.moderation import approve_case
from kinship.safety.models import ModerationCase

RISKY = "I have the pills saved up and I am going to take them all tonight."


def _socket(user: Any, thread_id: int) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        ThreadConsumer.as_asgi(), f"/ws/forums/threads/{thread_id}/"
    )
    communicator.scope["user"] = user
    communicator.scope["url_route"] = {"kwargs": {"thread_id": thread_id}}
    return communicator


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_reader_hears_a_new_reply() -> None:
    board = await sync_to_async(make_board)()
    thread = await sync_to_async(make_thread)(board=board, author=await sync_to_async(make_user)())
    reader = await sync_to_async(make_user)()
    communicator = _socket(reader, thread.pk)
    connected, _ = await communicator.connect()
    assert connected
    post = await sync_to_async(make_reply)(
        thread=thread, author=await sync_to_async(trusted_member)()
    )
    message = await communicator.receive_json_from(timeout=3)
    assert message == {"type": "post", "post_id": post.pk, "is_edit": False}
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_socket_refuses_who_may_not_read_the_thread() -> None:
    group = await sync_to_async(Group.objects.create)(slug="closed", name="Closed")
    board = await sync_to_async(make_board)(group_id=group.pk)
    member = await sync_to_async(make_user)()
    await sync_to_async(GroupMembership.objects.create)(group=group, user=member)
    thread = await sync_to_async(make_thread)(board=board, author=member)
    outsider = await sync_to_async(make_user)()
    connected, code = await _socket(outsider, thread.pk).connect()
    assert not connected
    assert code == 4404


# Real commits: followers are told from on-commit work, as in production.
@pytest.mark.django_db(transaction=True)
def test_followers_are_told_once_and_the_writer_never() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=author)
    replier = trusted_member(handle="juniper")
    reply = make_reply(thread=thread, author=replier, body="Glad you posted.")
    told = Notification.objects.filter(kind="forums.reply")
    assert list(told.values_list("recipient_id", flat=True)) == [author.pk]
    assert "juniper" in told.get().title
    assert notices.tell_about_post(post_id=reply.pk) == 0  # never twice
    assert not Notification.objects.filter(recipient=replier, kind="forums.reply").exists()


# Real commits: followers are told from on-commit work, as in production.
@pytest.mark.django_db(transaction=True)
def test_board_followers_hear_of_new_threads() -> None:
    board = make_board(name="Milestones")
    follower = make_user()
    actions.follow_board(member=follower, board=board)
    make_thread(board=board, author=trusted_member(), title="One year")
    notice = Notification.objects.get(recipient=follower)
    assert notice.kind == "forums.new_thread"
    assert "One year" in notice.title


# Real commits: followers are told from on-commit work, as in production.
@pytest.mark.django_db(transaction=True)
def test_mentions_reach_only_those_who_can_see_the_post() -> None:
    group = Group.objects.create(slug="g", name="G")
    board = make_board(group_id=group.pk)
    inside = make_user(handle="inside-friend")
    outside = make_user(handle="outside-friend")
    writer = trusted_member()
    GroupMembership.objects.create(group=group, user=inside)
    GroupMembership.objects.create(group=group, user=writer)
    make_thread(
        board=board,
        author=writer,
        body="Thinking of @inside-friend and @outside-friend today. `@not-a-mention`",
    )
    assert Notification.objects.filter(recipient=inside, kind="forums.mention").exists()
    assert not Notification.objects.filter(recipient=outside).exists()


def test_mention_parsing_skips_code_and_emails() -> None:
    body = "Hi @Sam and @sam, see `@code` and ```\n@block\n``` and me@example.org."
    assert notices.mentioned_handles(body) == ["Sam"]


# Real commits: followers are told from on-commit work, as in production.
@pytest.mark.django_db(transaction=True)
def test_anonymous_replies_are_announced_as_a_member() -> None:
    board = make_board(allows_anonymous=True)
    author = make_user()
    thread = make_thread(board=board, author=author)
    make_reply(thread=thread, author=trusted_member(handle="hidden-name"), is_anonymous=True)
    notice = Notification.objects.get(recipient=author, kind="forums.reply")
    assert "hidden-name" not in notice.title
    assert "A member" in notice.title


# Real commits: followers are told from on-commit work, as in production.
@pytest.mark.django_db(transaction=True)
def test_held_post_is_announced_when_a_moderator_releases_it() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=author)
    outcome = actions.reply(author=make_user(), thread=thread, body=RISKY)
    assert not Notification.objects.filter(recipient=author, kind="forums.reply").exists()
    case = ModerationCase.objects.get(source_id=str(outcome.post.pk))
    moderator = make_user(role=Role.MODERATOR)
    approve_case(moderator=moderator, case=case, explanation="")
    assert Notification.objects.filter(recipient=author, kind="forums.reply").count() == 1


# Real commits: followers are told from on-commit work, as in production.
@pytest.mark.django_db(transaction=True)
def test_opt_in_email_goes_through_smtp(smtp_server: Any) -> None:
    board = make_board()
    author = make_user(email="follower@example.org")
    EmailAddress.objects.create(user=author, email=author.email, verified=True, primary=True)
    set_email_preference(user=author, kind="forums.reply", is_enabled=True)
    thread = make_thread(board=board, author=author, title="Evenings are hard")
    make_reply(thread=thread, author=trusted_member(handle="linden"))
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "follower@example.org"
    subject = str(make_header(decode_header(message["Subject"])))
    assert "linden replied in “Evenings are hard”" in subject
    # Another member who did not choose e-mail gets none.
    other = make_user(email="quiet@example.org")
    actions.follow_thread(member=other, thread=thread)
    make_reply(thread=thread, author=trusted_member())
    assert [message["To"] for message in smtp_server.messages] == ["follower@example.org"] * 2
