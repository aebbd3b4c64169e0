"""Forum pages through the HTTP client: reading, posting, bad input, moderation, access."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.directory.models import Group, GroupMembership, MembershipRole
from kinship.forums import actions
from kinship.forums.models import Board, Follow, Post, Reaction, Thread
from kinship.forums.tests.factories import make_board, make_reply, make_thread, trusted_member

pytestmark = pytest.mark.django_db

RISKY = "I have the pills saved up and I am going to take them all tonight."


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response: Any) -> str:
    return str(response.content.decode())


# Reading ----------------------------------------------------------------------------------


def test_forums_need_signing_in() -> None:
    response = Client().get("/forums/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_board_and_thread_pages_show_posts_notes_and_guidelines() -> None:
    board = make_board(name="Cravings and hard days", guidelines="Be **kind**.")
    author = make_user(handle="river")
    thread = make_thread(board=board, author=author, title="Day 3", body="It is *loud* today.")
    make_reply(
        thread=thread,
        author=make_user(),
        body="Holding on with you.",
        content_note="mentions relapse details",
    )
    client = signed_in(make_user())
    index = text_of(client.get("/forums/"))
    assert "Cravings and hard days" in index
    page = text_of(client.get(f"/forums/b/{board.slug}/"))
    assert "Day 3" in page
    assert "<strong>kind</strong>" in page
    thread_page = text_of(client.get(f"/forums/t/{thread.pk}/"))
    assert "<em>loud</em>" in thread_page
    assert "river" in thread_page
    assert "Content note: mentions relapse details" in thread_page
    assert "<details" in thread_page


def test_empty_board_invites_a_first_post() -> None:
    board = make_board()
    page = text_of(signed_in(make_user()).get(f"/forums/b/{board.slug}/"))
    assert "No one has posted here yet." in page
    assert "You could be the first to say hello." in page


def test_unread_and_new_since_last_visit() -> None:
    board = make_board()
    reader = make_user()
    thread = make_thread(board=board, author=trusted_member())
    client = signed_in(reader)
    assert "Unread" in text_of(client.get("/forums/latest/"))
    client.get(f"/forums/t/{thread.pk}/")
    assert "Unread" not in text_of(client.get("/forums/latest/"))
    make_reply(thread=thread, author=trusted_member())
    assert "Unread" in text_of(client.get("/forums/latest/"))


def test_anonymous_post_never_shows_the_handle_to_others() -> None:
    board = make_board(allows_anonymous=True)
    author = make_user(handle="secret-handle")
    thread = make_thread(board=board, author=author, is_anonymous=True, body="Hard to say this.")
    other_page = text_of(signed_in(make_user()).get(f"/forums/t/{thread.pk}/"))
    assert "secret-handle" not in other_page
    assert "a member" in other_page
    moderator_page = text_of(
        signed_in(make_user(role=Role.MODERATOR)).get(f"/forums/t/{thread.pk}/")
    )
    assert "secret-handle" not in moderator_page
    own_page = text_of(signed_in(author).get(f"/forums/t/{thread.pk}/"))
    assert "you, anonymously" in own_page


def test_own_anonymous_thread_in_a_list_reads_right_in_english_and_spanish() -> None:
    board = make_board(allows_anonymous=True)
    author = make_user()
    make_thread(board=board, author=author, is_anonymous=True, title="Hard week")
    client = signed_in(author)
    assert "by you, anonymously" in text_of(client.get("/forums/latest/"))
    spanish = text_of(client.get("/forums/latest/", headers={"accept-language": "es"}))
    assert "por ti, en anónimo" in spanish
    assert "por tú" not in spanish
    others = text_of(signed_in(make_user()).get("/forums/latest/"))
    assert "by a member" in others


def _group_board() -> tuple[Board, Group, User, User]:
    group = Group.objects.create(slug="tuesday-circle", name="Tuesday Circle")
    member = make_user()
    facilitator = make_user(role=Role.FACILITATOR)
    GroupMembership.objects.create(group=group, user=member)
    GroupMembership.objects.create(group=group, user=facilitator, role=MembershipRole.FACILITATOR)
    board = make_board(group_id=group.pk, name="Tuesday Circle board")
    return board, group, member, facilitator


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("member", 404),
        ("other_member", 404),
        ("peer_supporter", 404),
        ("facilitator", 404),
        ("moderator", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_group_board_is_404_for_everyone_outside_it(
    role_matrix: Any, role: str, expected: int
) -> None:
    board, _group, member, _facilitator = _group_board()
    thread = make_thread(board=board, author=member)
    client = signed_in(role_matrix[role]) if role != "anonymous" else Client()
    for url in (
        f"/forums/b/{board.slug}/",
        f"/forums/t/{thread.pk}/",
        f"/forums/b/{board.slug}/new/",
    ):
        assert client.get(url).status_code == expected, url
    latest = text_of(client.get("/forums/latest/"))
    assert (thread.title in latest) == (expected == 200)
    before = Post.objects.count()
    response = client.post(f"/forums/t/{thread.pk}/reply/", {"body": "hi", "idempotency_key": "x"})
    assert response.status_code == (302 if expected != 404 else 404)
    assert Post.objects.count() == before + (1 if expected == 200 else 0)


def test_group_members_and_facilitators_read_and_facilitators_moderate() -> None:
    board, _group, member, facilitator = _group_board()
    thread = make_thread(board=board, author=member)
    assert signed_in(member).get(f"/forums/t/{thread.pk}/").status_code == 200
    denied = signed_in(member).post(f"/forums/t/{thread.pk}/moderate/", {"action": "pin"})
    assert denied.status_code == 403
    assert not Thread.objects.get(pk=thread.pk).is_pinned
    allowed = signed_in(facilitator).post(f"/forums/t/{thread.pk}/moderate/", {"action": "pin"})
    assert allowed.status_code == 302
    assert Thread.objects.get(pk=thread.pk).is_pinned


# Posting ----------------------------------------------------------------------------------


def test_start_a_thread_and_reply_without_javascript() -> None:
    board = make_board()
    author = make_user()
    client = signed_in(author)
    form = text_of(client.get(f"/forums/b/{board.slug}/new/"))
    assert 'name="idempotency_key"' in form
    response = client.post(
        f"/forums/b/{board.slug}/new/",
        {"title": "Six months today", "body": "Thank you all.", "idempotency_key": "t1"},
    )
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/forums/t/{thread.pk}/"
    reply = client.post(
        f"/forums/t/{thread.pk}/reply/",
        {"body": "And thank you for reading.", "idempotency_key": "r1"},
    )
    assert reply.status_code == 302
    page = text_of(client.get(reply["Location"], follow=True))
    assert "And thank you for reading." in page


def test_double_submit_makes_one_post() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    client = signed_in(make_user())
    data = {"body": "Sent twice by a shaky connection.", "idempotency_key": "same-key"}
    first = client.post(f"/forums/t/{thread.pk}/reply/", data)
    second = client.post(f"/forums/t/{thread.pk}/reply/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(body=data["body"]).count() == 1


def test_risky_reply_shows_the_crisis_card_on_the_next_page() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    writer = make_user()
    client = signed_in(writer)
    response = client.post(f"/forums/t/{thread.pk}/reply/", {"body": RISKY, "idempotency_key": "k"})
    page = text_of(client.get(response["Location"], follow=True))
    assert 'class="crisis-card"' in page
    assert 'role="alert"' in page
    assert "tel:911" in page or "911" in page
    assert RISKY in page  # the writer still sees their own words
    # Others do not, until a moderator looks.
    assert RISKY not in text_of(signed_in(make_user()).get(f"/forums/t/{thread.pk}/"))
    # The card shows once.
    assert 'class="crisis-card"' not in text_of(client.get(f"/forums/t/{thread.pk}/"))


def test_risky_reply_with_htmx_answers_in_place() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    client = signed_in(make_user())
    response = client.post(
        f"/forums/t/{thread.pk}/reply/",
        {"body": RISKY, "idempotency_key": "k"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "forumPost"
    html = text_of(response)
    assert 'id="reply-area"' in html
    assert 'class="crisis-card"' in html
    assert 'data-draft-done="reply-' in html


def test_bad_input_keeps_what_was_typed() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    client = signed_in(make_user())
    long_text = "I wrote a lot. " * 1500
    response = client.post(
        f"/forums/t/{thread.pk}/reply/", {"body": long_text, "idempotency_key": "k"}
    )
    assert response.status_code == 400
    html = text_of(response)
    assert "20,000" in html or "20000" in html
    assert "I wrote a lot." in html
    assert Post.objects.filter(thread=thread).count() == 1


def test_content_rules_explain_then_offer_sending_to_a_moderator() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    client = signed_in(trusted_member())
    text = "Call me at 312-555-0147 if you want to talk."
    response = client.post(f"/forums/t/{thread.pk}/reply/", {"body": text, "idempotency_key": "k"})
    assert response.status_code == 400
    html = text_of(response)
    assert "312-555-0147" in html  # kept
    assert 'type="checkbox" name="send_to_moderator"' in html
    sent = client.post(
        f"/forums/t/{thread.pk}/reply/",
        {"body": text, "idempotency_key": "k", "send_to_moderator": "on"},
    )
    assert sent.status_code == 302
    assert Post.objects.get(body=text).is_held


def test_locked_thread_answers_409_and_keeps_the_words() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    actions.set_locked(actor=make_user(role=Role.MODERATOR), thread=thread, is_locked=True)
    response = signed_in(make_user()).post(
        f"/forums/t/{thread.pk}/reply/", {"body": "My careful words", "idempotency_key": "k"}
    )
    assert response.status_code == 409
    html = text_of(response)
    assert "locked" in html
    assert "My careful words" in html
    assert Post.objects.filter(thread=thread).count() == 1


def test_deleted_thread_answers_410_and_keeps_the_words() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=author)
    actions.delete_post(actor=author, post=thread.posts.get())
    response = signed_in(make_user()).post(
        f"/forums/t/{thread.pk}/reply/", {"body": "My careful words", "idempotency_key": "k"}
    )
    assert response.status_code == 410
    assert "My careful words" in text_of(response)
    assert signed_in(make_user()).get(f"/forums/t/{thread.pk}/").status_code == 404


@override_settings(KINSHIP_FORUMS_POSTS_PER_10_MINUTES=2)
def test_rate_limit_answers_429_and_keeps_the_words() -> None:
    board = make_board()
    thread = make_thread(board=board, author=trusted_member())
    client = signed_in(make_user())
    client.post(f"/forums/t/{thread.pk}/reply/", {"body": "one", "idempotency_key": "1"})
    response = client.post(
        f"/forums/t/{thread.pk}/reply/", {"body": "two words", "idempotency_key": "2"}
    )
    assert response.status_code == 429
    assert "two words" in text_of(response)
    assert "spam" in text_of(response)
    assert response["Retry-After"]


def test_quote_prefills_the_reply() -> None:
    board = make_board()
    thread = make_thread(
        board=board, author=make_user(handle="sage"), body="Walk first, decide later."
    )
    post = thread.posts.get()
    html = text_of(signed_in(make_user()).get(f"/forums/t/{thread.pk}/?quote={post.pk}"))
    assert "&gt; Walk first, decide later." in html
    assert "sage" in html


def test_edit_shows_history_to_the_author_and_moderators_only() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=author, body="First words")
    post = thread.posts.get()
    response = signed_in(author).post(
        f"/forums/p/{post.pk}/edit/",
        {"title": thread.title, "body": "Better words", "content_note": ""},
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).body == "Better words"
    assert "First words" in text_of(signed_in(author).get(f"/forums/p/{post.pk}/history/"))
    assert "First words" in text_of(
        signed_in(make_user(role=Role.MODERATOR)).get(f"/forums/p/{post.pk}/history/")
    )
    assert signed_in(make_user()).get(f"/forums/p/{post.pk}/history/").status_code == 404
    assert signed_in(make_user()).get(f"/forums/p/{post.pk}/edit/").status_code == 403


def test_delete_own_post_and_moderator_removal() -> None:
    board = make_board()
    author = make_user()
    thread = make_thread(board=board, author=make_user())
    reply = make_reply(thread=thread, author=author, body="Oops, wrong thread")
    assert signed_in(make_user()).post(f"/forums/p/{reply.pk}/delete/").status_code == 403
    assert signed_in(author).post(f"/forums/p/{reply.pk}/delete/").status_code == 302
    assert Post.objects.get(pk=reply.pk).is_deleted
    assert "Oops, wrong thread" not in text_of(
        signed_in(make_user()).get(f"/forums/t/{thread.pk}/")
    )


def test_reactions_toggle_with_and_without_htmx() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    post = thread.posts.get()
    client = signed_in(make_user())
    client.post(f"/forums/p/{post.pk}/react/", {"kind": "strength"})
    assert Reaction.objects.filter(post=post, kind="strength").count() == 1
    partial = client.post(
        f"/forums/p/{post.pk}/react/", {"kind": "strength", "on": "no"}, HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200
    assert 'aria-pressed="false"' in text_of(partial)
    assert not Reaction.objects.filter(post=post).exists()
    assert client.post(f"/forums/p/{post.pk}/react/", {"kind": "downvote"}).status_code == 400


def test_follow_thread_and_board() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    member = make_user()
    client = signed_in(member)
    client.post(f"/forums/t/{thread.pk}/follow/", {"follow": "yes"})
    client.post(f"/forums/b/{board.slug}/follow/", {"follow": "yes"})
    assert Follow.objects.filter(user=member).count() == 2
    assert thread.title in text_of(client.get("/forums/following/"))
    client.post(f"/forums/t/{thread.pk}/follow/", {"follow": "no"})
    assert not Follow.objects.filter(user=member, thread=thread).exists()


def test_new_posts_endpoint_shows_only_what_the_reader_may_see() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    opening = thread.posts.get()
    visible = make_reply(thread=thread, author=trusted_member(), body="Visible to all")
    actions.reply(author=make_user(), thread=thread, body=RISKY)
    html = text_of(
        signed_in(make_user()).get(f"/forums/t/{thread.pk}/new-posts/?after={opening.pk}")
    )
    assert "Visible to all" in html
    assert RISKY not in html
    assert f"after={visible.pk}" in html  # the next poll starts after what was shown
    assert 'data-thread-socket="/ws/forums/threads/' in html


def test_moving_needs_both_boards() -> None:
    first, second = make_board(), make_board()
    thread = make_thread(board=first, author=make_user())
    moderator = make_user(role=Role.MODERATOR)
    response = signed_in(moderator).post(
        f"/forums/t/{thread.pk}/moderate/", {"action": "move", "board": second.slug}
    )
    assert response.status_code == 302
    assert Thread.objects.get(pk=thread.pk).board_id == second.pk


def test_coordinators_open_and_arrange_boards() -> None:
    coordinator = make_user(role=Role.COORDINATOR)
    client = signed_in(coordinator)
    response = client.post(
        "/forums/boards/new/",
        {
            "name": "Family and friends",
            "description": "For the people who love us",
            "guidelines": "Be gentle.",
            "group": "",
            "language": "",
        },
    )
    assert response.status_code == 302
    board = Board.objects.get(name="Family and friends")
    other = make_board(position=board.position + 100)
    client.post("/forums/boards/manage/", {"board": other.slug, "move": "up"})
    assert Board.objects.get(pk=other.pk).position < Board.objects.get(pk=board.pk).position
    assert signed_in(make_user()).get("/forums/boards/new/").status_code == 403
    assert (
        signed_in(make_user(role=Role.MODERATOR)).get("/forums/boards/manage/").status_code == 403
    )


# Query counts -----------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    client.get(url)  # the first visit records the reading
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path", ["index", "latest", "board", "thread", "thread-page-2", "following"]
)
def test_page_queries_are_few_and_do_not_grow(path: str) -> None:
    counts = []
    # Page 2 must exist to be measured: 21 replies make two pages, 30 still two.
    for size in (21, 30) if path == "thread-page-2" else (1, 30):
        board = make_board()
        author = trusted_member()
        thread = make_thread(board=board, author=author)
        reader = make_user()
        for number in range(size):
            other = make_thread(board=board, author=author, title=f"Thread {number}")
            make_reply(thread=thread, author=author, body=f"Reply {number}")
            actions.react(member=reader, post=other.posts.get(), kind="thanks")
            actions.follow_thread(member=reader, thread=other)
        url = {
            "index": "/forums/",
            "latest": "/forums/latest/",
            "board": f"/forums/b/{board.slug}/",
            "thread": f"/forums/t/{thread.pk}/",
            "thread-page-2": f"/forums/t/{thread.pk}/?page=2",
            "following": "/forums/following/",
        }[path]
        counts.append(_count(signed_in(reader), url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8, counts


def test_report_link_opens_the_flag_form_for_the_post() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    post = thread.posts.get()
    client = signed_in(make_user())
    page = text_of(client.get(f"/forums/t/{thread.pk}/"))
    link = f"/safety/flag/?kind=forums.post&amp;id={post.pk}"
    assert link in page
    response = client.post(
        f"/safety/flag/?kind=forums.post&id={post.pk}", {"reason": "spam", "note": ""}
    )
    assert response.status_code == 200
    from kinship.safety.models import ModerationCase

    assert ModerationCase.objects.filter(source_kind="forums.post", source_id=str(post.pk)).exists()


def test_board_edit_keeps_the_group_and_saves_the_rest() -> None:
    group = Group.objects.create(slug="g", name="G")
    board = make_board(group_id=group.pk, name="Old name")
    client = signed_in(make_user(role=Role.COORDINATOR))
    form = text_of(client.get(f"/forums/b/{board.slug}/edit/"))
    assert "disabled" in form
    response = client.post(
        f"/forums/b/{board.slug}/edit/",
        {"name": "New name", "description": "", "guidelines": "", "language": "es", "group": ""},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.name, board.language, board.group_id) == ("New name", "es", group.pk)


def test_search_page_finds_what_the_member_may_see_and_marks_the_words() -> None:
    board = make_board()
    make_thread(
        board=board,
        author=trusted_member(),
        title="Evenings",
        body="A long walk helps with cravings.",
    )
    group = Group.objects.create(slug="closed", name="Closed")
    closed = make_board(group_id=group.pk)
    make_thread(
        board=closed,
        author=make_user(role=Role.MODERATOR),
        title="Private",
        body="cravings in a closed group",
    )
    client = signed_in(make_user())
    html = text_of(client.get("/forums/search/?q=cravings"))
    assert "<mark>cravings</mark>" in html
    assert "Evenings" in html
    assert "Private" not in html
    assert "Nothing found" in text_of(client.get("/forums/search/?q=zebra"))
    assert "Results" not in text_of(client.get("/forums/search/?q=%22%20%22"))
    assert client.get("/forums/search/?q=" + "x" * 10_000).status_code == 200


def test_kept_rows_and_posts_show_changes_at_once() -> None:
    board = make_board()
    author = trusted_member()
    thread = make_thread(board=board, author=author, title="Day 3 and the cravings")
    reader = signed_in(make_user())
    assert "0 replies" in text_of(reader.get("/forums/latest/"))
    first = thread.posts.get()
    assert 'forum-reaction__count">1<' not in text_of(reader.get(f"/forums/t/{thread.pk}/"))

    make_reply(thread=thread, author=author, body="A walk helped tonight.")
    actions.react(member=make_user(), post=first, kind="strength")
    Thread.objects.filter(pk=thread.pk).update(title="Day 4 and the cravings")

    listing = text_of(reader.get("/forums/latest/"))
    assert "1 reply" in listing
    assert "Day 4 and the cravings" in listing
    page = text_of(reader.get(f"/forums/t/{thread.pk}/"))
    assert "A walk helped tonight." in page
    assert 'forum-reaction__count">1<' in page


def test_reaction_buttons_submit_the_pages_one_form_with_its_token() -> None:
    board = make_board()
    thread = make_thread(board=board, author=make_user())
    make_reply(thread=thread, author=make_user(), body="Sending strength your way.")
    page = text_of(signed_in(make_user()).get(f"/forums/t/{thread.pk}/"))

    assert page.count('<form id="post-reactions" method="post" hidden>') == 1
    form = page.split('<form id="post-reactions"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in form
    for post in thread.posts.all():
        assert f'formaction="/forums/p/{post.pk}/react/"' in page
    assert page.count('form="post-reactions"') == 2 * 3  # two posts, three kinds each
