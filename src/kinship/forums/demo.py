"""The demo community's forums: eight boards of fictional, believable conversation.

Every person, story and detail here is made up. Runs after the accounts and directory
builders (its people and groups must exist) and goes through the real actions, so
screening, the content rules, counters and the audit log run as in real use; no text
here trips screening or a content rule. Boards are found by slug and threads by board and
title: a second run finds them and changes nothing.

Posts are written "now" and then moved back to the day and time (in Chicago) the script
gives them, right away, so the posting limits see what a member really did in the last
ten minutes: nothing. Older posts count as already announced (`notified_at`); only the
few marked `announce` are left for the task worker to tell followers about.

The people are chosen by their own seeded generator, from the members the accounts
builder made; the shared generator is not touched, so every builder after this one sees
the same numbers on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from kinship.accounts import groups
from kinship.accounts.demo import DemoResult
from kinship.accounts.models import Role, User
from kinship.forums import actions, permissions, rendering
from kinship.forums.demo_content import BOARDS
from kinship.forums.demo_content.shapes import DemoBoard, DemoPost, DemoThread
from kinship.forums.models import Board, Follow, Post, Reaction, ReactionKind, Thread

DEMO_ZONE = ZoneInfo("America/Chicago")
GROUP_NAME = "Night Owls Online"
# demo-member last looked around this long ago: newer posts show as unread and "new".
LAST_VISIT = timedelta(days=3)
KINDS = ("boards", "threads", "posts", "reactions", "follows")

# Who is who: the fixed demo accounts by handle, then members cast into these parts.
FIXED_PEOPLE = {
    "member": "demo-member",
    "peer": "demo-peer",
    "facilitator": "demo-facilitator",
    "moderator": "demo-moderator",
    "coordinator": "demo-coordinator",
}
# dev: 22, a year on buprenorphine, rural. early: in their first week. ana: bipolar II,
# new to sobriety. vet: veteran with PTSD. june: parent, two years. cook: six months.
# painter: depression, back after a slip. walker: bipolar, has a psychiatrist. shift:
# works late. longtimer: many years in. sister and mom: family. student: a new medication.
ENGLISH_SLOTS = (
    *("dev", "early", "ana", "vet", "june", "cook", "painter"),
    *("walker", "shift", "longtimer", "sister", "mom", "student"),
)
SPANISH_SLOTS = ("marisol", "luis", "carmen", "rafa", "nora")
GROUP_SLOTS = ("owl1", "owl2", "owl3")


@dataclass(frozen=True)
class DemoGroup:
    id: int
    name: str
    members: tuple[User, ...]


def build_demo_forums(_rng: random.Random) -> DemoResult:
    """Eight boards (one Spanish, one anonymous, one for a group) with their threads."""
    result = DemoResult(created=dict.fromkeys(KINDS, 0), existing=dict.fromkeys(KINDS, 0))
    coordinator = User.objects.filter(handle=FIXED_PEOPLE["coordinator"]).first()
    if coordinator is None:
        return result
    # An own generator: the shared one must advance the same way on every run.
    rng = random.Random("kinship-demo-forums")  # noqa: S311  # fictional data, not security
    group = _demo_group()
    cast = _cast(rng, group)
    now = timezone.now()
    for spec in BOARDS:
        if spec.is_group_board and group is None:
            continue
        board = _ensure_board(spec, coordinator=coordinator, group=group, cast=cast, now=now)
        if board is None:
            result.existing["boards"] += 1
            board = Board.objects.get(slug=spec.slug)
            result.existing["follows"] += Follow.objects.filter(board=board).count()
        else:
            result.created["boards"] += 1
            result.created["follows"] += _follow_board(spec, board, cast)
        readers = _readers(spec, group, cast)
        for thread_spec in spec.threads:
            thread = Thread.objects.filter(
                board=board, title=rendering.clean_title(thread_spec.title)
            ).first()
            if thread is not None:
                _count_existing(thread, result)
                continue
            if thread_spec.posts[0].who not in cast:
                continue
            _build_thread(
                thread_spec, board, cast=cast, readers=readers, rng=rng, now=now, result=result
            )
    return result


# People -----------------------------------------------------------------------------------


def _demo_group() -> DemoGroup | None:
    """The group demo-facilitator runs at night (or their first), with its members."""
    facilitator = User.objects.filter(handle=FIXED_PEOPLE["facilitator"]).first()
    if facilitator is None:
        return None
    found = groups.describe_groups(sorted(groups.memberships(facilitator).facilitates))
    if not found:
        return None
    chosen = next((info for info in found.values() if info.name == GROUP_NAME), found[min(found)])
    people = User.objects.filter(is_active=True, role=Role.MEMBER).order_by("handle")
    members = tuple(
        person for person in people if chosen.id in groups.memberships(person).member_of
    )
    return DemoGroup(id=chosen.id, name=chosen.name, members=members)


def _cast(rng: random.Random, group: DemoGroup | None) -> dict[str, User]:
    """Slot name to person: the fixed demo accounts, then members chosen by `rng`."""
    cast: dict[str, User] = {}
    for slot, handle in FIXED_PEOPLE.items():
        person = User.objects.filter(handle=handle, is_active=True).first()
        if person is not None:
            cast[slot] = person
    members = list(
        User.objects.filter(role=Role.MEMBER, is_active=True)
        .exclude(handle__startswith="demo-")
        .order_by("handle")
    )
    spanish = [person for person in members if person.languages[:1] == ["es"]]
    english = [person for person in members if "en" in person.languages]
    chosen_spanish = rng.sample(spanish, min(len(SPANISH_SLOTS), len(spanish)))
    english = [person for person in english if person not in chosen_spanish]
    chosen_english = rng.sample(english, min(len(ENGLISH_SLOTS), len(english)))
    cast.update(zip(SPANISH_SLOTS, chosen_spanish, strict=False))
    cast.update(zip(ENGLISH_SLOTS, chosen_english, strict=False))
    if group is not None:
        # Members who read English first, so the board reads as one conversation.
        owls = sorted(
            group.members, key=lambda person: ("en" not in person.languages, person.handle)
        )
        cast.update(zip(GROUP_SLOTS, owls, strict=False))
    return cast


def _readers(spec: DemoBoard, group: DemoGroup | None, cast: dict[str, User]) -> list[User]:
    """Who reacts and follows on a board: its group, its language's speakers, or everyone."""
    if spec.is_group_board:
        people = list(group.members) if group is not None else []
        if "facilitator" in cast:
            people.append(cast["facilitator"])
        return people
    everyone = list(
        User.objects.filter(
            is_active=True, role__in=[Role.MEMBER, Role.PEER_SUPPORTER, Role.FACILITATOR]
        ).order_by("handle")
    )
    if spec.language:
        return [person for person in everyone if spec.language in person.languages]
    return everyone


# Boards and threads -----------------------------------------------------------------------


def _ensure_board(
    spec: DemoBoard,
    *,
    coordinator: User,
    group: DemoGroup | None,
    cast: dict[str, User],
    now: datetime,
) -> Board | None:
    """Create the board; None when it is already there."""
    if Board.objects.filter(slug=spec.slug).exists():
        return None
    name, description = spec.name, spec.description
    if spec.is_group_board and group is not None:
        name = f"{group.name}: {spec.name.lower()}"
        description = f"Only members of {group.name} can read and post here."
    board = actions.create_board(
        actor=coordinator,
        name=name,
        description=description,
        guidelines=spec.guidelines,
        group_id=group.id if spec.is_group_board and group is not None else None,
        allows_anonymous=spec.allows_anonymous,
        language=spec.language,
        slug=spec.slug,
    )
    opened = now - timedelta(days=90)
    Board.objects.filter(pk=board.pk).update(created_at=opened, updated_at=opened)
    member = cast.get("member")
    if member is not None and permissions.require_viewer(member).can_read(board):
        actions.record_board_visit(member=member, board=board, now=now - LAST_VISIT)
    return board


def _follow_board(spec: DemoBoard, board: Board, cast: dict[str, User]) -> int:
    count = 0
    for slot in spec.followers:
        if slot in cast:
            actions.follow_board(member=cast[slot], board=board)
            count += 1
    return count


def _count_existing(thread: Thread, result: DemoResult) -> None:
    result.existing["threads"] += 1
    result.existing["posts"] += Post.objects.filter(thread=thread).count()
    result.existing["reactions"] += Reaction.objects.filter(post__thread=thread).count()
    result.existing["follows"] += Follow.objects.filter(thread=thread).count()


def _build_thread(
    spec: DemoThread,
    board: Board,
    *,
    cast: dict[str, User],
    readers: list[User],
    rng: random.Random,
    now: datetime,
    result: DemoResult,
) -> None:
    specs = [post for post in spec.posts if post.who in cast]
    times = _times([post.at for post in specs], now=now)
    handles = {slot: person.handle for slot, person in cast.items()}
    posts: list[Post] = []
    follows_before = Follow.objects.count()
    for index, (post_spec, when) in enumerate(zip(specs, times, strict=True)):
        body = _body(post_spec, spec.posts, handles, language=board.language)
        author = cast[post_spec.who]
        if index == 0:
            outcome = actions.start_thread(
                author=author,
                board=board,
                title=spec.title,
                body=body,
                content_note=post_spec.note,
                is_anonymous=post_spec.anonymous,
            )
            Thread.objects.filter(pk=outcome.thread.pk).update(created_at=when, updated_at=when)
        else:
            outcome = actions.reply(
                author=author,
                thread=posts[0].thread,
                body=body,
                content_note=post_spec.note,
                is_anonymous=post_spec.anonymous,
            )
        _backdate(outcome.post, when, announced=not post_spec.announce)
        posts.append(outcome.post)
    thread = Thread.objects.select_related("board").get(pk=posts[0].thread_id)
    result.created["threads"] += 1
    result.created["posts"] += len(posts)
    for post, post_spec, when in zip(posts, specs, times, strict=True):
        if post_spec.edit:
            _edit(post, post_spec, when, now=now)
        result.created["reactions"] += _react(post, post_spec, readers, rng)
    _moderate(spec, thread, cast)
    if thread.is_visible_to_all:
        _follow_and_read(spec, thread, posts, times, cast=cast, readers=readers, rng=rng, now=now)
    actions.refresh_thread(thread.pk)
    result.created["follows"] += Follow.objects.count() - follows_before


def _body(
    post: DemoPost, thread_posts: tuple[DemoPost, ...], handles: dict[str, str], *, language: str
) -> str:
    """The post's words with handles filled in, under a quote of an earlier post if any."""
    body = post.body.format_map(handles)
    if post.quote is None:
        return body
    index, words = post.quote
    quoted = thread_posts[index]
    if quoted.who not in handles:
        return body
    with translation.override(language or "en"):
        label = translation.gettext("a member") if quoted.anonymous else handles[quoted.who]
        return rendering.quote_markdown(label, words) + body


def _times(moments: list[str], *, now: datetime) -> list[datetime]:
    """Each "Nd HH:MM" as an aware time, in order, all at least half an hour ago."""
    today = now.astimezone(DEMO_ZONE).date()
    wanted = []
    for moment in moments:
        days, clock = moment.split()
        hour, minute = (int(part) for part in clock.split(":"))
        day = today - timedelta(days=int(days.removesuffix("d")))
        wanted.append(datetime.combine(day, time(hour, minute), tzinfo=DEMO_ZONE))
    # Later than the one before, and in the past even when the demo runs at 1 a.m.
    latest = now - timedelta(minutes=30)
    for index in reversed(range(len(wanted))):
        wanted[index] = min(wanted[index], latest)
        latest = wanted[index] - timedelta(minutes=1)
    return wanted


def _backdate(post: Post, when: datetime, *, announced: bool) -> None:
    changes: dict[str, object] = {"created_at": when, "updated_at": when}
    if announced:
        # Written weeks ago: its followers would have been told then.
        changes["notified_at"] = when
    Post.objects.filter(pk=post.pk).update(**changes)


def _edit(post: Post, spec: DemoPost, when: datetime, *, now: datetime) -> None:
    author = post.author
    assert author is not None  # noqa: S101  (the demo just wrote it)
    fresh = Post.objects.select_related("thread__board").get(pk=post.pk)
    actions.edit_post(editor=author, post=fresh, body=f"{fresh.body}\n\n{spec.edit}")
    edited = min(when + timedelta(hours=2), now - timedelta(minutes=5))
    Post.objects.filter(pk=post.pk).update(edited_at=edited, updated_at=edited)


def _react(post: Post, spec: DemoPost, readers: list[User], rng: random.Random) -> int:
    # A post waiting for a moderator takes no reactions; the demo's tests say none waits.
    if not post.is_visible_to_all:
        return 0
    others = [person for person in readers if person.pk != post.author_id]
    count = 0
    fresh = Post.objects.select_related("thread__board").get(pk=post.pk)
    for kind, wanted in (
        (ReactionKind.ME_TOO, spec.me_too),
        (ReactionKind.STRENGTH, spec.strength),
        (ReactionKind.THANKS, spec.thanks),
    ):
        for person in rng.sample(others, min(wanted, len(others))):
            count += actions.react(member=person, post=fresh, kind=kind)
    return count


def _moderate(spec: DemoThread, thread: Thread, cast: dict[str, User]) -> None:
    """Pin and lock: a group's facilitator on a group's board, a moderator elsewhere."""
    slot = "facilitator" if thread.board.group_id is not None else "moderator"
    if slot not in cast:
        return
    if spec.is_pinned:
        actions.set_pinned(actor=cast[slot], thread=thread, is_pinned=True)
    if spec.is_locked:
        actions.set_locked(actor=cast[slot], thread=thread, is_locked=True)


def _follow_and_read(
    spec: DemoThread,
    thread: Thread,
    posts: list[Post],
    times: list[datetime],
    *,
    cast: dict[str, User],
    readers: list[User],
    rng: random.Random,
    now: datetime,
) -> None:
    """A reader or two follow; demo-member follows some and has read up to her last visit."""
    for person in rng.sample(readers, min(2, len(readers))):
        actions.follow_thread(member=person, thread=thread)
    member = cast.get("member")
    if member is None or not permissions.require_viewer(member).can_read(thread.board):
        return
    if spec.member_follows:
        actions.follow_thread(member=member, thread=thread)
    seen = [
        post.pk
        for post, when in zip(posts, times, strict=True)
        if when <= now - LAST_VISIT or post.author_id == member.pk
    ]
    if seen:
        actions.mark_read(member=member, thread=thread, post_id=max(seen))
