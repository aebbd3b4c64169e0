"""Builders for forum tests: boards, threads and replies made through the real actions."""

from __future__ import annotations

from typing import Any

from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.forums import actions
from kinship.forums.models import Board, Post, Thread

_counter = {"board": 0}


def make_board(**fields: Any) -> Board:
    _counter["board"] += 1
    number = _counter["board"]
    defaults: dict[str, Any] = {
        "slug": f"board-{number}",
        "name": f"Board {number}",
        "position": number * 10,
    }
    defaults.update(fields)
    return Board.objects.create(**defaults)


def trusted_member(**fields: Any) -> User:
    """A member whose links do not wait for a moderator (a peer supporter by default)."""
    fields.setdefault("role", Role.PEER_SUPPORTER)
    return make_user(**fields)


def make_thread(
    *,
    board: Board,
    author: User,
    title: str = "Day 3 and the cravings are loud",
    body: str = "Any tips for the evenings?",
    **kwargs: Any,
) -> Thread:
    outcome = actions.start_thread(author=author, board=board, title=title, body=body, **kwargs)
    return outcome.post.thread


def make_reply(
    *, thread: Thread, author: User, body: str = "Me too. Walking helps.", **kwargs: Any
) -> Post:
    return actions.reply(author=author, thread=thread, body=body, **kwargs).post
