"""Forum search: what is found, what stays hidden, and what members may type."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.directory.models import Group, GroupMembership, MembershipRole
from kinship.forums import actions, permissions, search
from kinship.forums.models import Post, Thread
from kinship.forums.privacy import erase_forums
from kinship.forums.search import MAX_PAGE, PER_PAGE, SearchPage, search_posts
from kinship.forums.tests.factories import make_board, make_reply, make_thread, trusted_member
from kinship.safety.actions import moderation
from kinship.safety.models import FlagReason, ModerationCase

pytestmark = pytest.mark.django_db

RISKY = "I have the pills saved up and I am going to take them all tonight."


def found(result: SearchPage) -> list[int]:
    return [hit.post.pk for hit in result.hits]


def opening(thread: Thread) -> int:
    return thread.posts.get(is_opening=True).pk


def test_finds_a_post_by_words_in_its_body() -> None:
    board = make_board()
    thread = make_thread(board=board, author=trusted_member(), body="Walking at dusk helps me.")
    reply = make_reply(thread=thread, author=trusted_member(), body="Cold showers work for me.")
    reader = make_user()
    assert found(search_posts(reader, "showers")) == [reply.pk]
    assert found(search_posts(reader, "WALKING dusk")) == [opening(thread)]
    assert found(search_posts(reader, "walking showers")) == []


def test_finds_an_opening_post_by_its_title_and_its_body_together() -> None:
    board = make_board()
    thread = make_thread(
        board=board, author=trusted_member(), title="Cravings at night", body="Any tips?"
    )
    make_reply(thread=thread, author=trusted_member(), body="Tea and a podcast.")
    reader = make_user()
    assert found(search_posts(reader, "cravings")) == [opening(thread)]
    assert found(search_posts(reader, "night tips")) == [opening(thread)]
    assert found(search_posts(reader, "cravings podcast")) == []


def test_title_matches_rank_above_body_matches_and_newer_above_older() -> None:
    board = make_board()
    author = trusted_member()
    older = make_thread(board=board, author=author, title="Week one", body="Sleep is hard.")
    newer = make_thread(board=board, author=author, title="Week two", body="Sleep is hard.")
    titled = make_thread(board=board, author=author, title="Sleep", body="Any ideas?")
    result = search_posts(make_user(), "sleep")
    assert found(result) == [
        opening(titled),
        opening(newer),
        opening(older),
    ]
    assert result.hits[0].rank > result.hits[1].rank


def test_quoted_words_are_an_exact_phrase() -> None:
    board = make_board()
    author = trusted_member()
    phrase = make_thread(board=board, author=author, body="One day at a time, friends.")
    scattered = make_thread(board=board, author=author, body="A time for one more day.")
    reader = make_user()
    assert found(search_posts(reader, '"one day at a time"')) == [opening(phrase)]
    assert set(found(search_posts(reader, "one day time"))) == {
        opening(phrase),
        opening(scattered),
    }
    assert found(search_posts(reader, "“one day at a time”")) == [opening(phrase)]


def test_operator_words_and_symbols_are_plain_words() -> None:
    board = make_board()
    make_thread(board=board, author=trusted_member(), body="Quote first.")
    post = make_reply(
        thread=board.threads.get(), author=trusted_member(), body="Quote NEAR and AND, or NOT."
    )
    reader = make_user()
    assert found(search_posts(reader, "near AND not")) == [post.pk]
    assert found(search_posts(reader, "-quote NEAR(and)")) == [post.pk]
    assert found(search_posts(reader, "quote OR first")) == []


def test_an_unbalanced_quote_leaves_plain_words() -> None:
    board = make_board()
    post = make_thread(board=board, author=trusted_member(), body="A time for one more day.")
    assert found(search_posts(make_user(), 'day "one time')) == [opening(post)]


def test_only_the_newest_matches_are_ranked(monkeypatch: pytest.MonkeyPatch) -> None:
    board = make_board()
    author = trusted_member()
    oldest = make_thread(board=board, author=author, title="Day 1", body="Anger, anger, anger.")
    newer = [
        make_thread(board=board, author=author, title=f"Week {week}", body="Some anger today.")
        for week in range(3)
    ]
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    assert set(found(search_posts(make_user(), "anger"))) == {opening(t) for t in newer}
    monkeypatch.undo()
    assert found(search_posts(make_user(), "anger"))[0] == opening(oldest)


def test_the_last_word_also_matches_as_a_prefix_unless_quoted() -> None:
    board = make_board()
    post = make_thread(board=board, author=trusted_member(), body="After my relapse I called.")
    reader = make_user()
    assert found(search_posts(reader, "relap")) == [opening(post)]
    assert found(search_posts(reader, "relap called")) == []
    assert found(search_posts(reader, '"relap"')) == []
    assert found(search_posts(reader, "re")) == []


def test_accents_do_not_matter() -> None:
    board = make_board(language="es")
    post = make_thread(board=board, author=trusted_member(), title="Recaída", body="Día 40.")
    reader = make_user()
    first = opening(post)
    assert found(search_posts(reader, "recaida")) == [first]
    assert found(search_posts(reader, "RECAÍDA")) == [first]
    assert found(search_posts(reader, "dia 40")) == [first]


def test_spanish_posts_are_found_by_their_words() -> None:
    board = make_board(language="es")
    thread = make_thread(
        board=board,
        author=trusted_member(),
        title="¿Cómo manejan la ansiedad por las noches?",
        body="Me cuesta dormir desde que dejé de beber.",
    )
    answer = make_reply(
        thread=thread, author=trusted_member(), body="A mí me ayuda escribir un diario."
    )
    reader = make_user()
    assert found(search_posts(reader, "ansiedad noches")) == [opening(thread)]
    assert found(search_posts(reader, "como dormir")) == [opening(thread)]
    assert found(search_posts(reader, "ayuda diario")) == [answer.pk]
    assert found(search_posts(reader, '"dejé de beber"')) == [opening(thread)]


def test_matched_words_are_marked_and_everything_else_escaped() -> None:
    board = make_board()
    thread = make_thread(
        board=board,
        author=trusted_member(),
        title="<script>alert(1)</script> Relapse",
        body="Tell me about `<img src=x onerror=alert(1)>` and your relapse & recovery.",
    )
    hit = search_posts(make_user(), "relapse")
    snippet, title = hit.hits[0].snippet, hit.hits[0].title
    assert "<mark>relapse</mark>" in snippet
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "&amp; recovery" in snippet
    assert "<img" not in snippet
    assert title == "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Relapse</mark>"
    assert hit.hits[0].thread == thread


def test_snippet_starts_near_the_first_match_of_a_long_post() -> None:
    board = make_board()
    body = "Filler words here. " * 40 + "Then the turning point came. " + "More after. " * 40
    make_thread(board=board, author=trusted_member(), body=body)
    snippet = search_posts(make_user(), "turning").hits[0].snippet
    assert snippet.startswith("… ")
    assert snippet.endswith(" …")
    assert "<mark>turning</mark> point" in snippet
    assert len(snippet) < 300


def test_a_post_behind_a_content_note_shows_no_snippet() -> None:
    board = make_board()
    make_thread(
        board=board,
        author=trusted_member(),
        body="What the hospital stay was like.",
        content_note="hospital stay",
    )
    hit = search_posts(make_user(), "hospital").hits[0]
    assert hit.snippet == ""
    assert hit.post.content_note == "hospital stay"


def test_anonymous_posts_are_found_without_their_author() -> None:
    board = make_board(allows_anonymous=True)
    author = trusted_member()
    make_thread(board=board, author=author, body="Shame about drinking.", is_anonymous=True)
    assert search_posts(make_user(), "shame").hits[0].author == "a member"
    assert search_posts(author, "shame").hits[0].author == "you, anonymously"


def test_held_hidden_and_deleted_posts_of_others_are_not_found() -> None:
    board = make_board()
    thread = make_thread(board=board, author=trusted_member(), body="Checking in tonight.")
    writer = trusted_member()
    held = make_reply(thread=thread, author=writer, body=f"Tonight: {RISKY}")
    assert held.is_held
    hidden = make_reply(thread=thread, author=trusted_member(), body="Tonight buy cheap pills")
    actions.flag_post(reporter=make_user(), post=hidden, reason=FlagReason.SOLICITATION)
    case = ModerationCase.objects.get(source_kind="forums.post", source_id=str(hidden.pk))
    moderation.hide_content(moderator=make_user(role=Role.MODERATOR), case=case)
    deleter = trusted_member()
    deleted = make_reply(thread=thread, author=deleter, body="Tonight I regret saying this.")
    actions.delete_post(actor=deleter, post=deleted)
    first = opening(thread)

    assert found(search_posts(make_user(), "tonight")) == [first]
    assert held.pk in found(search_posts(writer, "tonight"))
    assert deleted.pk not in found(search_posts(deleter, "tonight"))
    assert set(found(search_posts(make_user(role=Role.MODERATOR), "tonight"))) == {
        first,
        held.pk,
        hidden.pk,
    }


def test_a_held_opening_post_is_found_only_by_its_author_and_moderators() -> None:
    board = make_board()
    author = make_user()
    post = actions.start_thread(author=author, board=board, title="Tonight", body=RISKY).post
    assert Thread.objects.get(pk=post.thread_id).is_held
    assert found(search_posts(make_user(), "pills")) == []
    assert found(search_posts(author, "pills")) == [post.pk]
    assert found(search_posts(make_user(role=Role.MODERATOR), "pills")) == [post.pk]


def test_group_board_posts_are_found_only_by_the_groups_members() -> None:
    group = Group.objects.create(slug="evening-circle", name="Evening circle")
    board = make_board(group_id=group.pk)
    insider = trusted_member()
    GroupMembership.objects.create(group=group, user=insider)
    thread = make_thread(board=board, author=insider, body="Our circle met by the lake.")
    make_thread(board=make_board(), author=insider, body="The lake is open to everyone.")
    outsider = make_user()
    assert opening(thread) not in found(search_posts(outsider, "lake"))
    assert search_posts(outsider, "lake", board=board).hits == []
    assert opening(thread) in found(search_posts(insider, "lake"))

    GroupMembership.objects.create(group=group, user=outsider)
    permissions.forget_viewer(outsider)
    assert opening(thread) in found(search_posts(outsider, "lake"))


def test_a_groups_facilitator_finds_held_posts_on_its_board_only() -> None:
    group = Group.objects.create(slug="facilitated", name="Facilitated")
    board = make_board(group_id=group.pk)
    other_board = make_board()
    facilitator = make_user(role=Role.FACILITATOR)
    GroupMembership.objects.create(group=group, user=facilitator, role=MembershipRole.FACILITATOR)
    member = make_user()
    GroupMembership.objects.create(group=group, user=member)
    inside = make_reply(
        thread=make_thread(board=board, author=facilitator), author=member, body=RISKY
    )
    outside = make_reply(
        thread=make_thread(board=other_board, author=facilitator), author=member, body=RISKY
    )
    assert inside.is_held
    assert outside.is_held
    assert found(search_posts(facilitator, "pills")) == [inside.pk]


def test_board_limits_the_search_to_one_board() -> None:
    author = trusted_member()
    first, second = make_board(), make_board()
    make_thread(board=first, author=author, body="Gratitude list, day one.")
    there = make_thread(board=second, author=author, body="Gratitude list, day two.")
    result = search_posts(make_user(), "gratitude", board=second)
    assert found(result) == [opening(there)]
    assert result.hits[0].board == second


def test_an_edited_post_is_found_by_its_new_words_not_its_old() -> None:
    board = make_board()
    author = trusted_member()
    thread = make_thread(board=board, author=author, title="Old heading", body="Original words.")
    post = thread.posts.get()
    actions.edit_post(editor=author, post=post, body="Rewritten sentence.", title="New heading")
    reader = make_user()
    assert found(search_posts(reader, "original")) == []
    assert found(search_posts(reader, "old")) == []
    assert found(search_posts(reader, "rewritten")) == [post.pk]
    assert found(search_posts(reader, "new heading")) == [post.pk]


def test_a_deleted_post_and_its_threads_replies_vanish() -> None:
    board = make_board()
    author = trusted_member()
    thread = make_thread(board=board, author=author, body="Ninety days sober.")
    make_reply(thread=thread, author=trusted_member(), body="Ninety days is huge!")
    reader = make_user()
    assert len(search_posts(reader, "ninety").hits) == 2
    actions.delete_post(actor=author, post=thread.posts.get(is_opening=True))
    assert search_posts(reader, "ninety").hits == []


def test_erased_words_are_not_found_and_moderator_edits_are() -> None:
    board = make_board()
    leaving = trusted_member()
    make_thread(board=board, author=leaving, title="Leaving soon", body="My private story.")
    erase_forums(leaving, keep_posts_anonymised=False)
    author = trusted_member()
    outcome = actions.start_thread(
        author=author,
        board=board,
        title="Reach me",
        body="Text me 312-555-0147 about the meeting",
        send_to_moderator=True,
    )
    case = ModerationCase.objects.get(source_id=str(outcome.post.pk))
    moderation.edit_out_details(
        moderator=make_user(role=Role.MODERATOR),
        case=case,
        new_text="Reach me\n\nSend me a private message about the meeting.",
    )
    reader = make_user(role=Role.MODERATOR)
    assert found(search_posts(reader, "private story")) == []
    assert found(search_posts(reader, "312")) == []
    assert found(search_posts(reader, "private message")) == [outcome.post.pk]


def test_pages_hold_twenty_hits_each_without_overlap() -> None:
    board = make_board()
    author = trusted_member()
    thread = make_thread(board=board, author=author, body="Serenity, first.")
    for number in range(PER_PAGE * 2 + 4):
        make_reply(thread=thread, author=author, body=f"Serenity note {number}.")
    reader = make_user()
    pages = [search_posts(reader, "serenity", page=number) for number in (1, 2, 3)]
    assert [len(result.hits) for result in pages] == [PER_PAGE, PER_PAGE, 5]
    assert [result.has_next for result in pages] == [True, True, False]
    everything = [pk for result in pages for pk in found(result)]
    assert len(set(everything)) == PER_PAGE * 2 + 5
    assert search_posts(reader, "serenity", page=4).hits == []
    assert search_posts(reader, "serenity", page=0).page == 1
    assert search_posts(reader, "serenity", page=10**12).hits == []
    assert search_posts(reader, "serenity", page=MAX_PAGE).has_next is False


def test_one_search_is_a_bounded_number_of_queries(assert_queries_at_most) -> None:
    author = trusted_member()
    for board in (make_board(allows_anonymous=True), make_board()):
        thread = make_thread(board=board, author=author, title="Hope", body="Hope is here.")
        for number in range(12):
            make_reply(
                thread=thread,
                author=trusted_member(),
                body=f"Hope, reply {number}.",
                is_anonymous=board.allows_anonymous,
            )
    reader = make_user()
    with assert_queries_at_most(3):
        result = search_posts(reader, "hope")
        assert len(result.hits) == PER_PAGE
        assert all(hit.author and hit.board.name for hit in result.hits)


def test_a_blank_query_asks_the_database_nothing(django_assert_num_queries) -> None:
    reader = make_user()
    for query in ("", "   ", '""', "* - ( ) :", "\ud800\udfff"):
        with django_assert_num_queries(0):
            result = search_posts(reader, query)
        assert result.hits == []
        assert not result.searched


def test_someone_signed_out_finds_nothing() -> None:
    make_thread(board=make_board(), author=trusted_member(), body="Visible words.")
    assert search_posts(None, "visible").hits == []


HOSTILE = [
    '"',
    '""',
    '"unbalanced',
    "NEAR(a b, 2)",
    "a AND b OR NOT c",
    "hope*",
    "*",
    "-hope",
    "^hope",
    "title:hope",
    "hope:*",
    "hope & !calm | (x <-> y)",
    "'",
    "\\",
    "\x00",
    "\ud800",
    "\udfff",
    "{hope}",
    "recaída",
    "hope",
]


@pytest.fixture
def searcher() -> User:
    """A moderator, who may see everything, and a few posts full of operator words."""
    board = make_board()
    thread = make_thread(board=board, author=trusted_member(), title="Hope", body="Hope* is near.")
    make_reply(thread=thread, author=trusted_member(), body='Quote " and NEAR and AND.')
    return make_user(role=Role.MODERATOR)


@settings(
    deadline=None, max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(),
        st.lists(st.sampled_from(HOSTILE) | st.text(max_size=5)).map(" ".join),
        st.lists(st.sampled_from(HOSTILE)).map("".join),
    )
)
def test_no_query_text_causes_an_error(searcher: User, query: str) -> None:
    result = search_posts(searcher, query)
    assert all(isinstance(hit.post, Post) for hit in result.hits)


@pytest.mark.parametrize(
    "query",
    [
        "hope " * 2000,
        "h" * 10_000,
        '"' * 10_000,
        " ".join(f"word{number}" for number in range(2000)),
        "\ud83d hope \udc4d",
    ],
)
def test_huge_and_broken_queries_are_cut_down_not_refused(searcher: User, query: str) -> None:
    assert search_posts(searcher, query).page == 1


def test_a_word_longer_than_the_cap_still_finds_itself() -> None:
    word = "pneumonoultramicroscopicsilicovolcanoconiosis"
    post = make_thread(board=make_board(), author=trusted_member(), body=f"About {word}.")
    assert found(search_posts(make_user(), word)) == [opening(post)]


# The index itself ----------------------------------------------------------------------------


SQLITE_OBJECTS = {
    "forums_post_opening_search",
    "forums_post_search_insert",
    "forums_post_search_update",
    "forums_post_search_delete",
    "forums_thread_search_insert",
    "forums_thread_search_update",
    "forums_thread_search_delete",
}


def test_the_index_stays_in_step_with_every_kind_of_write() -> None:
    author = trusted_member()
    thread = make_thread(board=make_board(), author=author, title="First", body="One")
    reply = make_reply(thread=thread, author=author, body="Two")
    actions.edit_post(editor=author, post=thread.posts.get(is_opening=True), body="1", title="2")
    Post.objects.filter(pk=reply.pk).update(body="Three")
    actions.delete_post(actor=author, post=reply)
    erase_forums(author, keep_posts_anonymised=False)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")
            # A later migration that remakes forums_post or forums_thread drops them.
            assert {row[0] for row in cursor.fetchall()} >= SQLITE_OBJECTS
            # Compares each index with its table row by row; raises if they differ.
            cursor.execute(
                "INSERT INTO forums_post_search(forums_post_search, rank)"
                " VALUES ('integrity-check', 1)"
            )
            cursor.execute(
                "INSERT INTO forums_thread_search(forums_thread_search, rank)"
                " VALUES ('integrity-check', 1)"
            )
        else:
            # Generated columns: PostgreSQL keeps them in step itself.
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_search'")
            assert {row[0] for row in cursor.fetchall()} >= {
                "forums_post_body_search",
                "forums_post_opening_search",
                "forums_thread_title_search",
            }


@pytest.mark.postgres
def test_postgresql_search_can_use_the_gin_indexes() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not name PostgreSQL")
    make_thread(board=make_board(), author=trusted_member(), title="Hope", body="Hope here.")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM forums_post"
            " WHERE search_vector @@ to_tsquery('kinship_search', 'hope')"
        )
        post_plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "EXPLAIN SELECT id FROM forums_thread"
            " WHERE search_vector @@ to_tsquery('kinship_search', 'hope')"
        )
        thread_plan = " ".join(row[0] for row in cursor.fetchall())
    assert "forums_post_body_search" in post_plan
    assert "forums_thread_title_search" in thread_plan


@pytest.mark.postgres
def test_postgresql_folds_accents_without_stemming() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("DATABASE_URL does not name PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('kinship_search', 'Recaídas días walking')::text")
        assert cursor.fetchone()[0] == "'dias':2 'recaidas':1 'walking':3"
