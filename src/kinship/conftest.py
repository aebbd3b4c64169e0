"""Fixtures shared by every app's tests: the role matrix, a no-change snapshot, query counts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import Model, QuerySet

MATRIX_ROLES = (
    "anonymous",
    "member",
    "other_member",
    "peer_supporter",
    "facilitator",
    "moderator",
    "coordinator",
    "admin",
)


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate-limit counters and used TOTP codes live in the cache: start every test clean."""
    cache.clear()
    yield
    cache.clear()


def enrol_totp(user: Any) -> str:
    """Give `user` an authenticator app and recovery codes, as allauth would; returns the secret."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


@dataclass(frozen=True)
class RoleMatrix:
    """One person per role; `anonymous` is None. Staff have TOTP enrolled."""

    anonymous: None
    member: Any
    other_member: Any
    peer_supporter: Any
    facilitator: Any
    moderator: Any
    coordinator: Any
    admin: Any

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)

    def items(self) -> list[tuple[str, Any]]:
        return [(name, self[name]) for name in MATRIX_ROLES]


@pytest.fixture
def role_matrix(db: None) -> RoleMatrix:
    from kinship.accounts.models import Role
    from kinship.accounts.tests.factories import make_user

    people = {
        "member": make_user(handle="matrix-member", role=Role.MEMBER),
        "other_member": make_user(handle="matrix-other", role=Role.MEMBER),
        "peer_supporter": make_user(handle="matrix-peer", role=Role.PEER_SUPPORTER),
        "facilitator": make_user(handle="matrix-facilitator", role=Role.FACILITATOR),
        "moderator": make_user(handle="matrix-moderator", role=Role.MODERATOR),
        "coordinator": make_user(handle="matrix-coordinator", role=Role.COORDINATOR),
        "admin": make_user(handle="matrix-admin", role=Role.ADMIN),
    }
    for user in people.values():
        if user.is_staff_role:
            enrol_totp(user)
    return RoleMatrix(anonymous=None, **people)


def _snapshot(querysets: tuple[QuerySet[Any], ...]) -> list[list[dict[str, Any]]]:
    return [list(queryset.order_by("pk").values()) for queryset in querysets]


@contextmanager
def _unchanged(*sources: QuerySet[Any] | type[Model]) -> Iterator[None]:
    querysets = tuple(
        source if isinstance(source, QuerySet) else source._default_manager.all()
        for source in sources
    )
    before = _snapshot(querysets)
    yield
    after = _snapshot(querysets)
    for queryset, rows_before, rows_after in zip(querysets, before, after, strict=True):
        label = queryset.model._meta.label
        assert len(rows_after) == len(rows_before), f"{label}: row count changed"  # noqa: S101
        assert rows_after == rows_before, f"{label}: rows changed"  # noqa: S101


@pytest.fixture
def assert_unchanged(db: None) -> Callable[..., AbstractContextManager[None]]:
    """`with assert_unchanged(User, ApiToken.objects.filter(...)):` -- nothing may change."""
    return _unchanged


@pytest.fixture
def assert_queries_at_most(
    django_assert_max_num_queries: Any,
) -> Callable[[int], AbstractContextManager[Any]]:
    """`with assert_queries_at_most(5):` -- fails on an N+1."""

    def at_most(count: int) -> AbstractContextManager[Any]:
        manager: AbstractContextManager[Any] = django_assert_max_num_queries(count)
        return manager

    return at_most
