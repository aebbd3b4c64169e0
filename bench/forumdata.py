"""The rows of data set S's forum part: its sizes and the one pass that loads them.

`generate(spec)` runs in a Django process on an empty, migrated database. Members, threads,
posts, reactions, follows and read markers go in with COPY and the bulk tables' indexes are
built afterwards; groups and boards (few rows) go through the ORM. Everything is drawn from
one seeded random generator, so a spec always gives the same data set.
"""

from __future__ import annotations

import bisect
import itertools
import json
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.forumtext import BOARD_NAMES, TITLES, make_body

READER_PASSWORD = "bench-reader-passphrase"  # noqa: S105  (a benchmark account on loopback)
READERS = 200
WRITERS = 12_000
BODY_POOL = 3000
# Generated activity ends before the benchmarks run, so no seeded post counts towards a
# posting limit and every "latest" page starts with the same threads.
ACTIVITY_END = datetime(2026, 11, 1, tzinfo=UTC)
ACTIVITY_SPAN = timedelta(days=730)


@dataclass(frozen=True)
class Spec:
    """The data set's seed and sizes; the marker row records them."""

    seed: int = 1
    members: int = 50_000
    threads: int = 10_000
    posts: int = 500_000
    boards: int = 20
    group_boards: int = 4


# --- the shape of the forum -------------------------------------------------------------


def _thread_sizes(rng: random.Random, threads: int, posts: int) -> list[int]:
    """Posts per thread (opening post included): lognormal, summing to `posts` exactly."""
    raw = [rng.lognormvariate(0.0, 1.6) for _ in range(threads)]
    scale = posts / sum(raw)
    sizes = [max(1, min(8000, round(value * scale))) for value in raw]
    for index in rng.sample(range(threads), threads // 30):  # a few never answered
        sizes[index] = 1
    difference = posts - sum(sizes)
    order = sorted(range(threads), key=lambda index: sizes[index], reverse=True)
    step = 0
    while difference != 0:
        index = order[step % (threads // 10)]
        change = 1 if difference > 0 else -1
        if sizes[index] + change >= 2:
            sizes[index] += change
            difference -= change
        step += 1
    return sizes


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _pick(rng: random.Random, cumulative: list[float], items: Sequence[Any]) -> Any:
    return items[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


# --- COPY -------------------------------------------------------------------------------


def _fillers(model: Any, given: Sequence[str]) -> dict[str, Any]:
    """The column values a COPY must send besides `given`: each field's model default."""
    fillers: dict[str, Any] = {}
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.column in given:
            continue
        value = model_field.get_default()
        if value is None and not model_field.null:
            raise ValueError(f"{model.__name__}.{model_field.name} needs a value")
        if model_field.get_internal_type() == "JSONField":
            value = json.dumps(value)
        fillers[model_field.column] = value
    return fillers


def _copy(cursor: Any, model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    fillers = _fillers(model, columns)
    names = [*columns, *fillers]
    extra = tuple(fillers.values())
    table = model._meta.db_table
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row, *extra))
            count += 1
    return count


# --- the load ---------------------------------------------------------------------------


BULK_TABLES = ("forums_post", "forums_reaction", "forums_follow", "forums_threadread")


def _drop_indexes(cursor: Any, tables: Sequence[str]) -> list[str]:
    """Drop the tables' indexes but their primary keys; returns the statements to rebuild them.

    Building an index once after COPY is several times faster than growing it row by row.
    """
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [list(tables)],
    )
    rows = cursor.fetchall()
    for name, _definition in rows:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


@dataclass
class _Thread:
    board: int
    start: datetime
    post_ids: list[int]
    is_anonymous: bool = False
    is_pinned: bool = False
    is_locked: bool = False
    is_hidden: bool = False
    is_deleted: bool = False


def generate(spec: Spec) -> dict[str, Any]:  # noqa: C901  (one pass over the whole data set)
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from kinship.accounts.models import Role, User
    from kinship.directory.models import Group, GroupMembership, MembershipRole
    from kinship.forums.models import (
        Board,
        Follow,
        Post,
        Reaction,
        ReactionKind,
        Thread,
        ThreadRead,
    )
    from kinship.forums.rendering import render_markdown

    rng = random.Random(spec.seed)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 1)
        clock = now

    start = ACTIVITY_END - ACTIVITY_SPAN
    cursor = connection.cursor().cursor  # psycopg's own cursor, for COPY
    cursor.execute("SET session_replication_role = replica")  # consistent by construction
    cursor.execute("SET synchronous_commit = off")
    cursor.execute("SET maintenance_work_mem = '512MB'")
    rebuild = _drop_indexes(cursor, BULK_TABLES)

    # Members: ids 1..members; readers come first, then everyone else.
    roles = [Role.MEMBER] * 960 + [Role.PEER_SUPPORTER] * 30 + [Role.FACILITATOR] * 6
    roles += [Role.MODERATOR] * 4
    reader_hash = make_password(READER_PASSWORD)
    joined = [start - timedelta(days=rng.randrange(0, 900)) for _ in range(spec.members)]

    def member_rows() -> Iterator[tuple[Any, ...]]:
        for number in range(1, spec.members + 1):
            is_reader = number <= READERS
            role = Role.MEMBER if is_reader else rng.choice(roles)
            if number == READERS + 1:
                role = Role.COORDINATOR
            handle = f"reader{number:04d}" if is_reader else f"member{number:05d}"
            password = reader_hash if is_reader else "!bench-no-password"
            moment = joined[number - 1]
            yield (number, handle, password, False, role, moment, moment, moment, True)

    _copy(
        cursor,
        User,
        [
            "id",
            "handle",
            "password",
            "is_superuser",
            "role",
            "date_joined",
            "created_at",
            "updated_at",
            "is_active",
        ],
        member_rows(),
    )
    member_ids = list(range(1, spec.members + 1))
    lap("members")

    # Groups, their members and their boards (few rows: the ORM).
    groups = Group.objects.bulk_create(
        Group(slug=f"bench-forum-group-{index}", name=BOARD_NAMES[-4 + index][7:])
        for index in range(spec.group_boards)
    )
    memberships = []
    for index, group in enumerate(groups):
        chosen = set(rng.sample(member_ids[READERS:], 400))
        chosen |= {
            reader for reader in range(1, READERS + 1) if reader % spec.group_boards == index
        }
        for user_id in sorted(chosen):
            memberships.append(
                GroupMembership(
                    group=group,
                    user_id=user_id,
                    role=MembershipRole.FACILITATOR if rng.random() < 0.01 else "member",
                )
            )
    GroupMembership.objects.bulk_create(memberships)
    boards = Board.objects.bulk_create(
        Board(
            slug=f"board-{index + 1}",
            name=BOARD_NAMES[index % len(BOARD_NAMES)],
            description="A place to talk.",
            position=(index + 1) * 10,
            group_id=groups[index - (spec.boards - spec.group_boards)].pk
            if index >= spec.boards - spec.group_boards
            else None,
            allows_anonymous=index in (5, 12),
            created_by_id=READERS + 1,
        )
        for index in range(spec.boards)
    )
    board_ids = [board.pk for board in boards]
    anonymous_boards = {board.pk for board in boards if board.allows_anonymous}
    lap("groups_and_boards")

    # Bodies: a pool of distinct Markdown texts, each rendered once.
    bodies = [make_body(rng) for _ in range(BODY_POOL)]
    rendered = [render_markdown(body) for body in bodies]
    lap("bodies_rendered")

    # Threads and the times of their posts.
    sizes = _thread_sizes(rng, spec.threads, spec.posts)
    board_weights = _cumulative([1.0 / (rank + 1) ** 0.6 for rank in range(spec.boards)])
    author_weights = _cumulative([1.0 / (rank + 1) ** 0.7 for rank in range(spec.members)])
    authors_by_rank = member_ids[:]
    rng.shuffle(authors_by_rank)
    threads: list[_Thread] = []
    events: list[tuple[datetime, int, int]] = []  # (time, thread index, author)
    span_seconds = ACTIVITY_SPAN.total_seconds()
    for index, size in enumerate(sizes):
        board_id = _pick(rng, board_weights, board_ids)
        begin = start + timedelta(seconds=span_seconds * rng.random() ** 0.7)
        room = (ACTIVITY_END - begin).total_seconds()
        duration = min(room * 0.999, size * 3600 * rng.lognormvariate(0.5, 1.0))
        thread = _Thread(board=board_id, start=begin, post_ids=[])
        thread.is_anonymous = board_id in anonymous_boards and rng.random() < 0.3
        threads.append(thread)
        moments = sorted(rng.random() * duration for _ in range(size - 1))
        events.append((begin, index, _pick(rng, author_weights, authors_by_rank)))
        for offset in moments:
            events.append(
                (
                    begin + timedelta(seconds=offset + 1),
                    index,
                    _pick(rng, author_weights, authors_by_rank),
                )
            )
    events.sort()
    lap("timeline")

    # Post flags, ids and counters, in time order.
    post_rows: list[tuple[Any, ...]] = []
    visible_by_thread: list[list[int]] = [[] for _ in threads]
    last_visible_at: list[datetime | None] = [None] * len(threads)
    thread_author: list[int] = [0] * len(threads)
    posters: set[tuple[int, int]] = set()
    visible_posts_by_author: dict[int, int] = {}
    for post_id, (moment, index, author) in enumerate(events, start=1):
        thread = threads[index]
        is_opening = not thread.post_ids
        if is_opening:
            thread_author[index] = author
        thread.post_ids.append(post_id)
        roll = rng.random()
        is_held = not is_opening and roll < 0.003
        is_hidden = (not is_opening and 0.003 <= roll < 0.006) or (is_opening and roll < 0.004)
        is_deleted = (not is_opening and 0.006 <= roll < 0.011) or (
            is_opening and 0.004 <= roll < 0.008
        )
        if is_opening:
            thread.is_hidden, thread.is_deleted = is_hidden, is_deleted
        anonymous = thread.is_anonymous and (is_opening or rng.random() < 0.3)
        pick = rng.randrange(BODY_POOL)
        visible = not (is_held or is_hidden or is_deleted)
        if visible:
            visible_by_thread[index].append(post_id)
            last_visible_at[index] = moment
            visible_posts_by_author[author] = visible_posts_by_author.get(author, 0) + 1
        posters.add((author, index))
        post_rows.append(
            (
                post_id,
                index + 1,
                author,
                moment,
                moment,
                anonymous,
                is_opening,
                pick,
                is_held,
                "safety" if is_held else "",
                is_hidden,
                is_deleted,
                moment if is_deleted else None,
                author if is_deleted else None,
                moment,
            )
        )
    for number, index in enumerate(rng.sample(range(len(threads)), len(threads) // 100)):
        threads[index].is_locked = number % 2 == 0
    for board_id in board_ids:
        in_board = [i for i, thread in enumerate(threads) if thread.board == board_id]
        for index in in_board[:2]:
            threads[index].is_pinned = True
    lap("posts_planned")

    def thread_rows() -> Iterator[tuple[Any, ...]]:
        for index, thread in enumerate(threads):
            visible = visible_by_thread[index]
            first = events_start[index]
            yield (
                index + 1,
                thread.board,
                thread_author[index],
                thread.is_anonymous,
                rng.choice(TITLES).format(n=rng.randrange(2, 400)),
                thread.is_pinned,
                thread.is_locked,
                False,
                thread.is_hidden,
                thread.is_deleted,
                first if thread.is_deleted else None,
                thread_author[index] if thread.is_deleted else None,
                max(0, len(visible) - 1),
                last_visible_at[index] or first,
                visible[-1] if visible else None,
                first,
                last_visible_at[index] or first,
            )

    events_start = [thread.start for thread in threads]
    with transaction.atomic():
        _copy(
            cursor,
            Thread,
            [
                "id",
                "board_id",
                "author_id",
                "is_anonymous",
                "title",
                "is_pinned",
                "is_locked",
                "is_held",
                "is_hidden",
                "is_deleted",
                "deleted_at",
                "deleted_by_id",
                "reply_count",
                "last_post_at",
                "last_post_id",
                "created_at",
                "updated_at",
            ],
            thread_rows(),
        )
    lap("threads")

    def full_post_rows() -> Iterator[tuple[Any, ...]]:
        for row in post_rows:
            (post_id, thread_id, author, created, updated, anonymous, opening, pick) = row[:8]
            yield (
                post_id,
                thread_id,
                author,
                created,
                updated,
                anonymous,
                opening,
                bodies[pick],
                rendered[pick],
                *row[8:],
            )

    with transaction.atomic():
        _copy(
            cursor,
            Post,
            [
                "id",
                "thread_id",
                "author_id",
                "created_at",
                "updated_at",
                "is_anonymous",
                "is_opening",
                "body",
                "body_html",
                "is_held",
                "held_reason",
                "is_hidden",
                "is_deleted",
                "deleted_at",
                "deleted_by_id",
                "notified_at",
            ],
            full_post_rows(),
        )
    lap("posts")

    # Reactions on a quarter of the visible posts, from members who read the forum.
    kinds = list(ReactionKind.values)
    visible_ids = [post_id for ids in visible_by_thread for post_id in ids]
    created_of = {row[0]: row[3] for row in post_rows}

    def reaction_rows() -> Iterator[tuple[Any, ...]]:
        for post_id in rng.sample(visible_ids, len(visible_ids) // 4):
            seen: set[tuple[int, str]] = set()
            for _ in range(min(30, int(rng.expovariate(1 / 2.5)) + 1)):
                key = (_pick(rng, author_weights, authors_by_rank), rng.choice(kinds))
                if key in seen:
                    continue
                seen.add(key)
                yield (post_id, key[0], key[1], created_of[post_id] + timedelta(minutes=5))

    with transaction.atomic():
        reactions = _copy(
            cursor, Reaction, ["post_id", "user_id", "kind", "created_at"], reaction_rows()
        )
    lap("reactions")

    # Follows: every poster follows the thread (as replying does); some boards are followed.
    def follow_rows() -> Iterator[tuple[Any, ...]]:
        for author, index in sorted(posters):
            yield (author, index + 1, None, threads[index].start)
        for user_id in rng.sample(member_ids, spec.members // 10):
            for board_id in rng.sample(board_ids[: spec.boards - spec.group_boards], 2):
                yield (user_id, None, board_id, start)

    with transaction.atomic():
        follows = _copy(
            cursor, Follow, ["user_id", "thread_id", "board_id", "created_at"], follow_rows()
        )
    lap("follows")

    # Read markers: posters read their threads (most to the end), readers some threads.
    def read_rows() -> Iterator[tuple[Any, ...]]:
        done: set[tuple[int, int]] = set()
        for author, index in sorted(posters):
            ids = threads[index].post_ids
            last = ids[-1] if rng.random() < 0.7 else rng.choice(ids)
            done.add((author, index))
            yield (author, index + 1, last, ACTIVITY_END)
        for reader in range(1, READERS + 1):
            for index in rng.sample(range(len(threads)), 50):
                if (reader, index) in done:
                    continue
                yield (reader, index + 1, rng.choice(threads[index].post_ids), ACTIVITY_END)

    with transaction.atomic():
        reads = _copy(
            cursor,
            ThreadRead,
            ["user_id", "thread_id", "last_read_post_id", "updated_at"],
            read_rows(),
        )
    lap("read_markers")

    for definition in rebuild:
        cursor.execute(definition)
    lap("indexes")

    # Board counters from the threads, as `actions.refresh_board` counts them.
    with transaction.atomic():
        for board_id in board_ids:
            listed = [
                index
                for index, thread in enumerate(threads)
                if thread.board == board_id and not (thread.is_hidden or thread.is_deleted)
            ]
            replies = sum(max(0, len(visible_by_thread[index]) - 1) for index in listed)
            last = max(
                (last_visible_at[index] or threads[index].start for index in listed), default=None
            )
            Board.objects.filter(pk=board_id).update(
                thread_count=len(listed), post_count=len(listed) + replies, last_post_at=last
            )
        for table in ("accounts_user", "forums_thread", "forums_post"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  (fixed names)
                f"(SELECT MAX(id) FROM {table}))"
            )
    cursor.execute("SET session_replication_role = origin")
    lap("counters")
    connection.connection.autocommit = True
    cursor.execute("VACUUM ANALYZE")
    lap("vacuum_analyze")

    # Who the benchmarks act as: readers (members of one group each) and writers (members
    # with at least three visible posts, so trusted and not held for links).
    writers = [
        user_id
        for user_id, count in sorted(visible_posts_by_author.items())
        if count >= 3 and user_id > READERS + 1
    ]
    rng.shuffle(writers)
    writer_roles = dict(User.objects.filter(pk__in=writers).values_list("pk", "role"))
    writers = [user_id for user_id in writers if writer_roles[user_id] == Role.MEMBER][:WRITERS]
    return {
        "counts": {
            "members": spec.members,
            "boards": spec.boards,
            "group_boards": spec.group_boards,
            "threads": len(threads),
            "posts": len(post_rows),
            "visible_posts": len(visible_ids),
            "reactions": reactions,
            "follows": follows,
            "read_markers": reads,
            "group_memberships": len(memberships),
            "largest_thread": max(sizes),
            "median_thread": sorted(sizes)[len(sizes) // 2],
            "distinct_bodies": BODY_POOL,
            "mean_body_chars": round(sum(len(body) for body in bodies) / len(bodies)),
        },
        "readers": list(range(1, READERS + 1)),
        "reader_password": READER_PASSWORD,
        "writers": writers,
        "load_seconds": timings,
    }
