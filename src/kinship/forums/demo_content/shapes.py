"""The shapes of the demo forums' data: a board, its threads, their posts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPost:
    who: str
    at: str
    """Days ago and local time in Chicago: "12d 21:05"."""
    body: str
    anonymous: bool = False
    note: str = ""
    quote: tuple[int, str] | None = None
    """An earlier post of the thread (its index) and the words quoted from it."""
    me_too: int = 0
    strength: int = 0
    thanks: int = 0
    edit: str = ""
    """Words the author added later by editing (the first version is kept)."""
    announce: bool = False
    """Leave for the task worker to tell followers about (a recent post)."""


@dataclass(frozen=True)
class DemoThread:
    title: str
    posts: tuple[DemoPost, ...]
    is_pinned: bool = False
    is_locked: bool = False
    member_follows: bool = False


@dataclass(frozen=True)
class DemoBoard:
    slug: str
    name: str
    description: str
    guidelines: str
    threads: tuple[DemoThread, ...]
    language: str = ""
    allows_anonymous: bool = False
    is_group_board: bool = False
    followers: tuple[str, ...] = ()


P = DemoPost
T = DemoThread
