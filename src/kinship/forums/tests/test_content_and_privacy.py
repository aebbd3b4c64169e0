"""Forum posts in the moderation queue (the forums.post content kind), export and erasure."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.http import Http404

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.directory.models import Group, GroupMembership
from kinship.forums import actions
from kinship.forums.models import Post, PostRevision, Reaction, Thread
from kinship.forums.privacy import ERASED_TEXT
from kinship.forums.tests.factories import make_board, make_reply, make_thread, trusted_member
from kinship.privacy import actions as privacy_actions
from kinship.safety.actions import moderation
from kinship.safety.models import FlagReason, ModerationCase

pytestmark = pytest.mark.django_db

RISKY = "I have the pills saved up and I am going to take them all tonight."


def test_moderator_hides_a_flagged_post_from_everyone_but_its_author() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    reply = make_reply(thread=thread, author=trusted_member(), body="Buy cheap pills here")
    reporter = make_user()
    actions.flag_post(reporter=reporter, post=reply, reason=FlagReason.SOLICITATION)
    case = ModerationCase.objects.get(source_kind="forums.post", source_id=str(reply.pk))
    moderation.hide_content(moderator=make_user(role=Role.MODERATOR), case=case)
    reply.refresh_from_db()
    assert reply.is_hidden
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_moderator_edits_details_out_of_an_opening_post() -> None:
    board = make_board()
    author = trusted_member()
    outcome = actions.start_thread(
        author=author,
        board=board,
        title="Reach me",
        body="Text me 312-555-0147",
        send_to_moderator=True,
    )
    case = ModerationCase.objects.get(source_id=str(outcome.post.pk))
    moderation.edit_out_details(
        moderator=make_user(role=Role.MODERATOR),
        case=case,
        new_text="Reach me\n\nSend me a private message.",
    )
    post = Post.objects.get(pk=outcome.post.pk)
    assert post.body == "Send me a private message."
    assert "312" not in post.body_html
    assert not post.is_held


def test_flagging_needs_sight_of_the_post() -> None:
    group = Group.objects.create(slug="g", name="G")
    board = make_board(group_id=group.pk)
    member = make_user()
    GroupMembership.objects.create(group=group, user=member)
    thread = make_thread(board=board, author=member)
    with pytest.raises(Http404):
        actions.flag_post(reporter=make_user(), post=thread.posts.get(), reason=FlagReason.SPAM)
    assert not ModerationCase.objects.exists()


def test_export_holds_the_members_posts_and_versions() -> None:
    board = make_board(allows_anonymous=True)
    member = make_user()
    thread = make_thread(board=board, author=member, body="First words", is_anonymous=True)
    actions.edit_post(editor=member, post=thread.posts.get(), body="Second words")
    archive = zipfile.ZipFile(io.BytesIO(privacy_actions.build_export(member=member)))
    name = next(item for item in archive.namelist() if "forums" in item)
    data = json.loads(archive.read(name))
    assert data["posts"][0]["text"] == "Second words"
    assert data["posts"][0]["anonymous"] is True
    assert data["earlier_versions"][0]["text"] == "First words"


@pytest.mark.parametrize("keep", [True, False])
def test_erasure_keeps_or_removes_posts_as_the_member_chose(keep: bool) -> None:
    board = make_board()
    leaving = make_user(handle="leaving")
    staying = make_user()
    conversation = make_thread(board=board, author=leaving, title="Started by leaving")
    make_reply(thread=conversation, author=staying, body="A reply from someone else")
    alone = make_thread(board=board, author=leaving, title="Nobody answered")
    make_reply(thread=make_thread(board=board, author=staying), author=leaving, body="My reply")
    actions.react(member=leaving, post=conversation.posts.get(is_opening=True), kind="thanks")
    PostRevision.objects.create(post=conversation.posts.get(is_opening=True), body="old")
    privacy_actions.erase_account(member=leaving, keep_posts_anonymised=keep)
    assert not Reaction.objects.filter(user=leaving).exists()
    assert not PostRevision.objects.exists()
    assert not Post.objects.filter(author=leaving).exists()
    if keep:
        assert Post.objects.filter(body="My reply", is_anonymous=True, author=None).exists()
        assert Thread.objects.filter(pk=alone.pk).exists()
    else:
        assert not Post.objects.filter(body="My reply").exists()
        assert Post.objects.filter(body=ERASED_TEXT).exists()
        assert not Thread.objects.filter(pk=alone.pk).exists()
        assert Post.objects.filter(body="A reply from someone else").exists()
        assert Thread.objects.get(pk=conversation.pk).title == ERASED_TEXT
