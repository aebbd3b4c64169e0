"""Which groups a member belongs to, for feature apps that are not the directory.

Groups live in the directory, a feature app; other feature apps (forums: a group's board)
may not import it (feature apps are independent siblings). The directory registers a
`GroupDirectory` in its `AppConfig.ready()`; they ask here by group id. With nothing
registered nobody belongs to any group, so group-only things stay closed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kinship.accounts.models import User


@dataclass(frozen=True)
class GroupInfo:
    id: int
    name: str
    url: str


@dataclass(frozen=True)
class Memberships:
    member_of: frozenset[int]
    """Groups the member belongs to now (active members and facilitators)."""
    facilitates: frozenset[int]
    """Groups the member facilitates now."""


@dataclass(frozen=True)
class GroupDirectory:
    memberships: Callable[[User], Memberships]
    """The member's groups now, in one query."""
    describe: Callable[[Iterable[int]], dict[int, GroupInfo]]
    """Name and page of each existing group among the ids."""
    active_groups: Callable[[], list[GroupInfo]]
    """Every active group, by name (for choosing one)."""


_directory: GroupDirectory | None = None


def register_group_directory(directory: GroupDirectory) -> None:
    global _directory  # filled once, in AppConfig.ready()
    _directory = directory


def memberships(user: User) -> Memberships:
    if _directory is None:
        return Memberships(member_of=frozenset(), facilitates=frozenset())
    return _directory.memberships(user)


def describe_groups(group_ids: Iterable[int]) -> dict[int, GroupInfo]:
    ids = [group_id for group_id in group_ids if group_id is not None]
    if _directory is None or not ids:
        return {}
    return _directory.describe(ids)


def active_groups() -> list[GroupInfo]:
    if _directory is None:
        return []
    return _directory.active_groups()
